import type { TNetworkKind, TNetworkList } from '@/lib/schemas/origin';

/** A compiled flag list: exact ASNs and case-insensitive organisation-name patterns. */
export interface TNetworkMatcher {
  version: string;
  byAsn: Map<number, { name: string; kind: TNetworkKind }>;
  patterns: { re: RegExp; name: string; kind: TNetworkKind }[];
}

export interface TNetworkFlag {
  kind: TNetworkKind;
  name: string;
  via: 'asn' | 'organisation';
}

export function compileNetworkList(list: TNetworkList): TNetworkMatcher {
  return {
    version: list.version,
    byAsn: new Map(list.asns.map((a) => [a.asn, { name: a.name, kind: a.kind }])),
    patterns: list.orgPatterns.map((p) => ({
      re: new RegExp(p.pattern, 'i'),
      name: p.name,
      kind: p.kind,
    })),
  };
}

/** Hosting / VPN / anonymiser flags for one network; an exact ASN entry wins over name patterns. */
export function matchNetwork(
  m: TNetworkMatcher,
  asn: number | null,
  organisation: string | null,
): TNetworkFlag[] {
  const hit = asn !== null ? m.byAsn.get(asn) : undefined;
  if (hit) return [{ ...hit, via: 'asn' }];
  if (!organisation) return [];
  const out: TNetworkFlag[] = [];
  for (const p of m.patterns) {
    if (p.re.test(organisation) && !out.some((f) => f.kind === p.kind)) {
      out.push({ kind: p.kind, name: p.name, via: 'organisation' });
    }
  }
  return out;
}
