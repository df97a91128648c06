import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineError, requestBounded, within } from './deadline';

describe('within', () => {
  it('passes a settled value through', async () => {
    await expect(within(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
  });
  it('abandons a promise that never settles, naming the step, and runs onTimeout', async () => {
    let aborted = false;
    const never = new Promise<number>(() => undefined);
    const err = await within(never, 30, 'cut request', () => (aborted = true)).catch((e) => e);
    expect(err).toBeInstanceOf(DeadlineError);
    expect((err as DeadlineError).message).toBe('cut request: did not settle within 30 ms');
    expect(aborted).toBe(true);
  });
});

describe('requestBounded', () => {
  const bounded = requestBounded;
  // A real server that sends headers and then never finishes the body: the shape of a hung request.
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') return res.end('fine');
      if (req.url === '/echo') {
        let b = '';
        req.on('data', (c: Buffer) => (b += c.toString()));
        req.on('end', () => res.writeHead(201).end(`${req.method} ${b}`));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('reads a whole answer', async () => {
    const r = await bounded(`${url}/ok`, {}, 2000, 'ok');
    expect(r.status).toBe(200);
    expect(new TextDecoder().decode(r.body)).toBe('fine');
  });
  it('settles (rejects) when the body never ends', async () => {
    // Without the bound this await never settles (the test would time out).
    await expect(bounded(`${url}/stall`, {}, 200, 'stall')).rejects.toBeDefined();
  });
  it('sends a method and body and reads the status', async () => {
    const r = await bounded(`${url}/echo`, { method: 'POST', body: '{"a":1}' }, 2000, 'echo');
    expect(r.status).toBe(201);
    expect(r.ok).toBe(true);
    expect(new TextDecoder().decode(r.body)).toBe('POST {"a":1}');
  });
});
