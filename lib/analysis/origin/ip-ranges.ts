import type { TIp } from './ip-address';

/**
 * Sorted, non-overlapping IP ranges in typed arrays with two uint32 value columns, searched by
 * binary search. IPv6 bounds are two uint64 halves (hi, lo) stored side by side. Built once from the
 * ip-location-db "-num" CSV lines (`start,end,value…`, decimal integers, ascending).
 */
export interface TRangeTable {
  v4: { starts: Uint32Array; ends: Uint32Array; a: Uint32Array; b: Uint32Array };
  v6: { starts: BigUint64Array; ends: BigUint64Array; a: Uint32Array; b: Uint32Array };
  /** interned strings referenced by the value columns (organisation names, country codes) */
  labels: string[];
}

/** Turns the part after `start,end,` into two numbers; `intern` maps a string to its label index. */
export type TValueParser = (rest: string, intern: (s: string) => number) => [number, number];

const MASK64 = (1n << 64n) - 1n;

class Growing<T extends Uint32Array | BigUint64Array> {
  arr: T;
  n = 0;
  constructor(private make: (n: number) => T) {
    this.arr = make(1024);
  }
  push(v: T extends Uint32Array ? number : bigint) {
    if (this.n === this.arr.length) {
      const next = this.make(this.arr.length * 2);
      next.set(this.arr as never);
      this.arr = next;
    }
    (this.arr as unknown as Array<typeof v>)[this.n++] = v;
  }
  done(): T {
    return this.arr.slice(0, this.n) as T;
  }
}

const u32 = () => new Growing<Uint32Array>((n) => new Uint32Array(n));
const u64 = () => new Growing<BigUint64Array>((n) => new BigUint64Array(n));

/** Builds the table from `start,end,rest` lines: IPv4 lines in v4Lines, IPv6 lines in v6Lines. */
export function buildRangeTable(
  v4Lines: Iterable<string>,
  v6Lines: Iterable<string>,
  parseValue: TValueParser,
): TRangeTable {
  const labels: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string) => {
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = labels.push(s) - 1));
    return i;
  };
  const split = (line: string): [string, string, string] | null => {
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    if (c1 < 0 || c2 < 0) return null;
    return [line.slice(0, c1), line.slice(c1 + 1, c2), line.slice(c2 + 1)];
  };
  const [s4, e4, a4, b4] = [u32(), u32(), u32(), u32()];
  let last4 = -1;
  for (const line of v4Lines) {
    const f = split(line);
    if (!f) continue;
    const start = Number(f[0]);
    if (start <= last4) throw new Error(`IPv4 ranges not ascending at ${f[0]}`);
    const [a, b] = parseValue(f[2], intern);
    (s4.push(start), e4.push((last4 = Number(f[1]))), a4.push(a), b4.push(b));
  }
  const [s6, e6, a6, b6] = [u64(), u64(), u32(), u32()];
  let last6 = -1n;
  for (const line of v6Lines) {
    const f = split(line);
    if (!f) continue;
    const start = BigInt(f[0]);
    const end = BigInt(f[1]);
    if (start <= last6) throw new Error(`IPv6 ranges not ascending at ${f[0]}`);
    last6 = end;
    const [a, b] = parseValue(f[2], intern);
    (s6.push(start >> 64n), s6.push(start & MASK64), e6.push(end >> 64n), e6.push(end & MASK64));
    (a6.push(a), b6.push(b));
  }
  return {
    v4: { starts: s4.done(), ends: e4.done(), a: a4.done(), b: b4.done() },
    v6: { starts: s6.done(), ends: e6.done(), a: a6.done(), b: b6.done() },
    labels,
  };
}

const le = (hiA: bigint, loA: bigint, hiB: bigint, loB: bigint) =>
  hiA < hiB || (hiA === hiB && loA <= loB);

/** Index of the range holding the address, or -1. O(log n), no allocation for IPv4. */
export function findRange(t: TRangeTable, ip: TIp): number {
  if (ip.version === 4) {
    const { starts, ends } = t.v4;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= ip.value) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && ip.value <= ends[hi]! ? hi : -1;
  }
  const { starts, ends } = t.v6;
  let lo = 0;
  let hi = starts.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (le(starts[2 * mid]!, starts[2 * mid + 1]!, ip.hi, ip.lo)) lo = mid + 1;
    else hi = mid - 1;
  }
  if (hi < 0) return -1;
  return le(ip.hi, ip.lo, ends[2 * hi]!, ends[2 * hi + 1]!) ? hi : -1;
}

/** The two value columns of the range holding the address. */
export function lookupRange(t: TRangeTable, ip: TIp): [number, number] | null {
  const i = findRange(t, ip);
  if (i < 0) return null;
  const side = ip.version === 4 ? t.v4 : t.v6;
  return [side.a[i]!, side.b[i]!];
}

/** `13335,"Cloudflare, Inc."` → asn 13335 and the interned organisation name. */
export const parseAsnValue: TValueParser = (rest, intern) => {
  const c = rest.indexOf(',');
  const asn = Number(rest.slice(0, c < 0 ? undefined : c));
  let org = c < 0 ? '' : rest.slice(c + 1);
  if (org.startsWith('"') && org.endsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
  return [Number.isFinite(asn) ? asn : 0, intern(org)];
};

/** `AU` → the interned country code (second column unused). */
export const parseCountryValue: TValueParser = (rest, intern) => [intern(rest.trim()), 0];
