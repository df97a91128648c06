import { describe, expect, test } from 'vitest';
import { startHarnessServer } from './server';
import { FRAME_HEADER_BYTES } from './wire';

/** `n` frames of `size` bytes, frame i filled with i; counts how many ffmpeg would have made. */
function source(n: number, size: number) {
  const made = { count: 0, closed: false };
  async function* gen(): AsyncGenerator<Buffer> {
    try {
      for (let i = 0; i < n; i++) {
        made.count++;
        yield Buffer.alloc(size, i);
      }
    } finally {
      made.closed = true;
    }
  }
  return { frames: gen(), made };
}

describe('/frames stream', () => {
  test('every frame once, in order, each after its media time', async () => {
    const server = await startHarnessServer();
    try {
      const w = 4;
      const h = 2;
      const size = (w * h * 3) / 2;
      const times = [0, 66.7, 133.3, 200];
      const { frames } = source(times.length, size);
      const seen: number[] = [];
      server.addSession('s', {
        frames,
        times,
        width: w,
        height: h,
        format: 'i420',
        onFrame: (i) => seen.push(i),
      });
      const res = await fetch(`${server.origin}/frames?session=s`);
      expect(res.headers.get('x-f')).toBe('i420');
      expect(res.headers.get('x-n')).toBe('4');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length).toBe(times.length * (FRAME_HEADER_BYTES + size));
      times.forEach((t, i) => {
        const at = i * (FRAME_HEADER_BYTES + size);
        expect(body.readDoubleLE(at)).toBe(t);
        const px = body.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + size);
        expect(px.every((v) => v === i)).toBe(true);
      });
      expect(seen).toEqual([0, 1, 2, 3]);
    } finally {
      await server.close();
    }
  });

  test('a reader that goes away stops the decoder instead of draining the file', async () => {
    const server = await startHarnessServer();
    try {
      const size = 1 << 20; // 1 MiB frames: the socket fills after a few
      const n = 200;
      const { frames, made } = source(n, size);
      server.addSession('s', {
        frames,
        times: Array.from({ length: n }, (_, i) => i * 33),
        width: 1024,
        height: 256,
      });
      const controller = new AbortController();
      const res = await fetch(`${server.origin}/frames?session=s`, { signal: controller.signal });
      const reader = res.body!.getReader();
      await reader.read();
      controller.abort();
      await expect.poll(() => made.closed, { timeout: 5000 }).toBe(true);
      expect(made.count).toBeLessThan(n);
    } finally {
      await server.close();
    }
  });

  test('an unknown session is a 404', async () => {
    const server = await startHarnessServer();
    try {
      expect((await fetch(`${server.origin}/frames?session=nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
