import 'server-only';
import raw from '@/data/anonymising-networks.json';
import { compileNetworkList, type TNetworkMatcher } from '@/lib/analysis/origin/network-flags';
import { ZNetworkList } from '@/lib/schemas/origin';

/** data/anonymising-networks.json, validated once: a malformed list fails loudly at first use. */
let compiled: TNetworkMatcher | null = null;

export function networkList(): TNetworkMatcher {
  compiled ??= compileNetworkList(ZNetworkList.parse(raw));
  return compiled;
}
