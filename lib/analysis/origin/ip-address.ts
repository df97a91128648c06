/**
 * IP address parsing, canonical text, network prefix and range classification (IPv4 and IPv6).
 * Pure: the server records what it parsed here; nothing in this file trusts a header by itself.
 */

export type TIp =
  | { version: 4; value: number; mapped: boolean }
  | { version: 6; hi: bigint; lo: bigint; mapped: false };

export type TIpClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'unique-local'
  | 'documentation'
  | 'multicast'
  | 'reserved';

const MASK64 = (1n << 64n) - 1n;

function parseV4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return null;
    const n = Number(p);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value >>> 0;
}

/** Eight 16-bit groups, or null; a trailing dotted IPv4 counts as two groups. */
function v6Groups(s: string): number[] | null {
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const side = (h: string | undefined): number[] | null => {
    if (!h) return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-f]{1,4}$/i.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = side(halves[0]);
  const tail = side(halves[1]);
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const fill = 8 - head.length - tail.length;
  if (fill < 1) return null;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

/** Strips what proxies and sockets wrap around an address: brackets, a port, a zone id. */
function bare(raw: string): string {
  let s = raw.trim();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1]!;
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  const zone = s.indexOf('%');
  return zone >= 0 ? s.slice(0, zone) : s;
}

/** Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes the IPv4 it carries. */
export function parseIp(raw: string): TIp | null {
  if (raw.length > 64) return null;
  const s = bare(raw);
  if (!s.includes(':')) {
    const v4 = parseV4(s);
    return v4 === null ? null : { version: 4, value: v4, mapped: false };
  }
  const g = v6Groups(s);
  if (!g) return null;
  let hi = 0n;
  let lo = 0n;
  for (let i = 0; i < 4; i++) hi = (hi << 16n) | BigInt(g[i]!);
  for (let i = 4; i < 8; i++) lo = (lo << 16n) | BigInt(g[i]!);
  if (hi === 0n && lo >> 32n === 0xffffn) {
    return { version: 4, value: Number(lo & 0xffffffffn), mapped: true };
  }
  return { version: 6, hi, lo, mapped: false };
}

const v4Text = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');

/** RFC 5952 text: lowercase, leading zeros dropped, the longest run of ≥ 2 zero groups as "::". */
function v6Text(hi: bigint, lo: bigint): string {
  const groups: number[] = [];
  for (let i = 3; i >= 0; i--) groups.push(Number((hi >> BigInt(i * 16)) & 0xffffn));
  for (let i = 3; i >= 0; i--) groups.push(Number((lo >> BigInt(i * 16)) & 0xffffn));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((x) => x.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

export function formatIp(ip: TIp): string {
  return ip.version === 4 ? v4Text(ip.value) : v6Text(ip.hi, ip.lo);
}

/** The network a household or small office usually shares: the /24 (IPv4) or the /64 (IPv6). */
export function networkPrefix(ip: TIp): string {
  if (ip.version === 4) return `${v4Text((ip.value & 0xffffff00) >>> 0)}/24`;
  return `${v6Text(ip.hi, 0n)}/64`;
}

const V4_RANGES: ReadonlyArray<[string, number, TIpClass]> = [
  ['0.0.0.0', 8, 'reserved'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function inV4(value: number, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (value & mask) >>> 0 === parseV4(base);
}

/** Which special-purpose range (RFC 6890 and friends) an address is in; 'public' otherwise. */
export function classifyIp(ip: TIp): TIpClass {
  if (ip.version === 4) {
    for (const [base, bits, cls] of V4_RANGES) if (inV4(ip.value, base, bits)) return cls;
    return 'public';
  }
  const { hi, lo } = ip;
  if (hi === 0n && lo === 1n) return 'loopback';
  if (hi === 0n && lo === 0n) return 'reserved';
  const top16 = Number(hi >> 48n);
  if ((top16 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((top16 & 0xffc0) === 0xfe80) return 'link-local';
  if ((top16 & 0xff00) === 0xff00) return 'multicast';
  if (hi >> 32n === 0x20010db8n) return 'documentation';
  if ((hi & MASK64) >> 61n !== 1n) return 'reserved'; // only 2000::/3 is global unicast today
  return 'public';
}
