import 'server-only';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TRangeTable } from '@/lib/analysis/origin/ip-ranges';

/**
 * A binary cache of the built range tables (typed arrays written as they are), keyed by the
 * dataset versions: parsing ~1 million CSV lines takes seconds, mapping the cache takes
 * milliseconds. Written by `npm run setup` (scripts/setup.sh) and on the first load otherwise.
 */

type TTables = { asn: TRangeTable; country: TRangeTable };
type TArr = Uint32Array | BigUint64Array;

const order = (t: TRangeTable): TArr[] => [
  t.v4.starts,
  t.v4.ends,
  t.v4.a,
  t.v4.b,
  t.v6.starts,
  t.v6.ends,
  t.v6.a,
  t.v6.b,
];

export const cacheFile = (dir: string, key: string) =>
  path.join(dir, `ipdb-${key.replace(/[^A-Za-z0-9.@+-]/g, '_')}.bin`);

export async function writeCache(file: string, key: string, t: TTables): Promise<void> {
  const arrays = [...order(t.asn), ...order(t.country)];
  const header = Buffer.from(
    JSON.stringify({
      key,
      lengths: arrays.map((a) => a.length),
      labels: { asn: t.asn.labels, country: t.country.labels },
    }),
  );
  const pad = (n: number) => (8 - (n % 8)) % 8;
  const head = Buffer.alloc(8 + header.length + pad(header.length));
  head.writeUInt32LE(header.length, 0);
  header.copy(head, 8);
  const parts: Buffer[] = [head];
  for (const a of arrays) {
    parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.alloc(pad(a.byteLength)));
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, Buffer.concat(parts));
  await rename(`${file}.tmp`, file);
}

/** The cached tables, or null when absent, for other dataset versions, or unreadable. */
export async function readCache(file: string, key: string): Promise<TTables | null> {
  const buf = await readFile(file).catch(() => null);
  if (!buf || buf.length < 8) return null;
  try {
    const len = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(8, 8 + len).toString('utf8')) as {
      key: string;
      lengths: number[];
      labels: { asn: string[]; country: string[] };
    };
    if (header.key !== key || header.lengths.length !== 16) return null;
    // copy into an 8-byte aligned ArrayBuffer of our own (Buffers from the pool may be unaligned)
    const body = new Uint8Array(buf.length);
    body.set(buf);
    let off = 8 + len + ((8 - (len % 8)) % 8);
    const arrays = header.lengths.map((n, i) => {
      const big = i % 8 === 4 || i % 8 === 5;
      const a = big
        ? new BigUint64Array(body.buffer, off, n)
        : new Uint32Array(body.buffer, off, n);
      off += a.byteLength + ((8 - (a.byteLength % 8)) % 8);
      return a;
    });
    if (off > body.length) return null;
    const table = (k: number, labels: string[]): TRangeTable => ({
      v4: {
        starts: arrays[k] as Uint32Array,
        ends: arrays[k + 1] as Uint32Array,
        a: arrays[k + 2] as Uint32Array,
        b: arrays[k + 3] as Uint32Array,
      },
      v6: {
        starts: arrays[k + 4] as BigUint64Array,
        ends: arrays[k + 5] as BigUint64Array,
        a: arrays[k + 6] as Uint32Array,
        b: arrays[k + 7] as Uint32Array,
      },
      labels,
    });
    return { asn: table(0, header.labels.asn), country: table(8, header.labels.country) };
  } catch {
    return null;
  }
}
