import { describe, expect, test } from 'vitest';
import { installSameOriginFetch, isSameOrigin } from './same-origin-fetch';

const ORIGIN = 'http://127.0.0.1:3000';

describe('same-origin fetch guard', () => {
  test.each([
    ['/vendor/mediapipe/vision_wasm_internal.wasm', true],
    ['http://127.0.0.1:3000/models/face_landmarker.task', true],
    ['blob:http://127.0.0.1:3000/abc', true],
    ['https://odml.pa.googleapis.com/v1/log', false],
    ['http://localhost:3000/x', false],
    ['//evil.example/x', false],
  ])('%s → %s', (url, allowed) => {
    expect(isSameOrigin(url, ORIGIN)).toBe(allowed);
  });

  test('a cross-origin fetch is refused without reaching the network', async () => {
    const calls: string[] = [];
    const scope = {
      location: { origin: ORIGIN },
      fetch: ((input: RequestInfo | URL) => {
        calls.push(String(input));
        return Promise.resolve(new Response('ok'));
      }) as typeof fetch,
    };
    installSameOriginFetch(scope);
    await expect(scope.fetch('https://odml.pa.googleapis.com/v1/log')).rejects.toThrow(/blocked/);
    expect(await (await scope.fetch('/models/x')).text()).toBe('ok');
    expect(calls).toEqual(['/models/x']);
  });
});
