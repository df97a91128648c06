import type { TIp } from './ip-address';

/**
 * Sorted, non-overlapping IP ranges in typed arrays with two uint32 value columns, searched by
 * binary search (nested or overlapping source ranges are first flattened into disjoint segments,
 * the innermost winning). IPv6 bounds are two uint64 halves (hi, lo) stored side by side. Built once from the
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

interface TRow<T> {
  s: T;
  e: T;
  a: number;
  b: number;
}

/**
 * Disjoint segments from possibly nested or overlapping ranges (the country dataset nests a
 * narrower block inside a broader one with the same start): the innermost range wins. Input in any
 * order; output ascending.
 */
export function flattenRanges<T extends number | bigint>(rows: TRow<T>[], one: T): TRow<T>[] {
  const sorted = [...rows].sort((x, y) =>
    x.s !== y.s ? (x.s < y.s ? -1 : 1) : x.e === y.e ? 0 : x.e > y.e ? -1 : 1,
  );
  const add = (x: T, y: T) => ((x as bigint) + (y as bigint)) as T;
  const sub = (x: T, y: T) => ((x as bigint) - (y as bigint)) as T;
  const out: TRow<T>[] = [];
  const stack: TRow<T>[] = [];
  let pos: T | null = null;
  const drainUntil = (limit: T | null) => {
    while (stack.length > 0 && (limit === null || pos! < limit)) {
      const top = stack[stack.length - 1]!;
      if (top.e < pos!) {
        stack.pop();
        continue;
      }
      const end = limit !== null && sub(limit, one) < top.e ? sub(limit, one) : top.e;
      out.push({ s: pos!, e: end, a: top.a, b: top.b });
      pos = add(end, one);
      if (top.e < pos) stack.pop();
    }
  };
  for (const r of sorted) {
    if (pos !== null) drainUntil(r.s);
    if (pos === null || pos < r.s) pos = r.s;
    stack.push(r);
  }
  drainUntil(null);
  return out;
}

function parseLines<T>(
  lines: Iterable<string>,
  num: (x: string) => T,
  parseValue: TValueParser,
  intern: (s: string) => number,
): TRow<T>[] {
  const rows: TRow<T>[] = [];
  for (const line of lines) {
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    if (c1 < 0 || c2 < 0) continue;
    const [a, b] = parseValue(line.slice(c2 + 1), intern);
    rows.push({ s: num(line.slice(0, c1)), e: num(line.slice(c1 + 1, c2)), a, b });
  }
  return rows;
}

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
  const r4 = flattenRanges(parseLines(v4Lines, Number, parseValue, intern), 1);
  const r6 = flattenRanges(parseLines(v6Lines, BigInt, parseValue, intern), 1n);
  const starts6 = new BigUint64Array(r6.length * 2);
  const ends6 = new BigUint64Array(r6.length * 2);
  r6.forEach((r, i) => {
    starts6[2 * i] = r.s >> 64n;
    starts6[2 * i + 1] = r.s & MASK64;
    ends6[2 * i] = r.e >> 64n;
    ends6[2 * i + 1] = r.e & MASK64;
  });
  return {
    v4: {
      starts: Uint32Array.from(r4, (r) => r.s),
      ends: Uint32Array.from(r4, (r) => r.e),
      a: Uint32Array.from(r4, (r) => r.a),
      b: Uint32Array.from(r4, (r) => r.b),
    },
    v6: {
      starts: starts6,
      ends: ends6,
      a: Uint32Array.from(r6, (r) => r.a),
      b: Uint32Array.from(r6, (r) => r.b),
    },
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
