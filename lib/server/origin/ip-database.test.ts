import { beforeAll, describe, expect, test } from 'vitest';
import rawList from '@/data/anonymising-networks.json';
import { classifyIp, parseIp } from '@/lib/analysis/origin/ip-address';
import { compileNetworkList, matchNetwork } from '@/lib/analysis/origin/network-flags';
import { buildRangeTable, lookupRange, parseAsnValue } from '@/lib/analysis/origin/ip-ranges';
import { ZNetworkList } from '@/lib/schemas/origin';
import { loadIpDatabase, lookupIpFacts, type TIpDatabase } from './ip-database';

/** The real datasets shipped in the npm packages (no network): addresses whose owner is stable. */
let ipdb: TIpDatabase;
beforeAll(async () => {
  ipdb = await loadIpDatabase();
}, 60_000);

describe('ip database lookup', () => {
  test.each([
    ['1.1.1.1', 13335, /cloudflare/i],
    ['8.8.8.8', 15169, /google/i],
    ['2606:4700:4700::1111', 13335, /cloudflare/i],
    ['2001:4860:4860::8888', 15169, /google/i],
    ['::ffff:8.8.4.4', 15169, /google/i],
  ])('%s → AS%i', (raw, asn, org) => {
    const facts = lookupIpFacts(ipdb, parseIp(raw)!);
    expect(facts.asn).toBe(asn);
    expect(facts.asOrganization).toMatch(org);
    expect(facts.country).toMatch(/^[A-Z]{2}$/);
  });

  test('special ranges are never looked up: the data is not reliable there', () => {
    // the country dataset lists 192.168.0.0/16 as AU; the recorder classifies first and looks up
    // only public addresses, so a private or loopback address gets no country.
    expect(lookupIpFacts(ipdb, parseIp('192.168.1.1')!).country).toBe('AU');
    for (const raw of ['10.0.0.1', '192.168.1.1', '127.0.0.1', '::1', 'fd00::1', '100.64.1.1']) {
      expect(classifyIp(parseIp(raw)!)).not.toBe('public');
    }
    expect(lookupIpFacts(ipdb, parseIp('::1')!).asn).toBeNull();
  });

  test('records the dataset versions', () => {
    expect(ipdb.datasets.asn).toMatch(/^@ip-location-db\/asn@\d/);
    expect(ipdb.datasets.country).toMatch(/^@ip-location-db\/geo-whois-asn-country@\d/);
  });
});

describe('range table', () => {
  const t = buildRangeTable(
    ['16777216,16777471,13335,"Cloudflare, Inc."', '16777472,16778239,4134,"Chinanet"'],
    ['42540488161975842760550356425300246528,42540488241204005274814694018844196863,6939,HE'],
    parseAsnValue,
  );
  test.each([
    ['1.0.0.0', [13335, 'Cloudflare, Inc.']],
    ['1.0.0.255', [13335, 'Cloudflare, Inc.']],
    ['1.0.1.0', [4134, 'Chinanet']],
    ['1.0.3.255', [4134, 'Chinanet']],
    ['1.0.4.0', null],
    ['0.255.255.255', null],
    ['2001::1', [6939, 'HE']],
    ['2001:1::', null],
  ])('%s → %j', (raw, want) => {
    const hit = lookupRange(t, parseIp(raw)!);
    expect(hit && [hit[0], t.labels[hit[1]]]).toEqual(want);
  });
  test('nested and overlapping ranges: the innermost wins, the rest of the outer remains', () => {
    const n = buildRangeTable(['20,30,3,c', '10,40,1,a', '10,15,2,b'], [], parseAsnValue);
    const at = (x: number) => lookupRange(n, { version: 4, value: x, mapped: false })?.[0] ?? null;
    expect([9, 10, 15, 16, 19, 20, 30, 31, 40, 41].map(at)).toEqual([
      null,
      2,
      2,
      1,
      1,
      3,
      3,
      1,
      1,
      null,
    ]);
  });
});

describe('anonymising network list', () => {
  const m = compileNetworkList(ZNetworkList.parse(rawList));
  test.each([
    [16509, 'Amazon.com, Inc.', ['hosting']],
    [39351, '31173 Services AB', ['vpn']],
    [13335, 'Cloudflare, Inc.', ['anonymiser']],
    [64512, 'Example Hosting Ltd', ['hosting']],
    [64513, 'M247 Europe SRL', ['vpn']],
    [7922, 'Comcast Cable Communications, LLC', []],
    [null, null, []],
  ])('AS%s %s → %j', (asn, org, kinds) => {
    expect(matchNetwork(m, asn, org).map((f) => f.kind)).toEqual(kinds);
  });

  test('every listed ASN carries the organisation name the dataset gives it', () => {
    for (const a of ZNetworkList.parse(rawList).asns) {
      const v4 = ipdb.asn.v4;
      const i = v4.a.indexOf(a.asn);
      const j = ipdb.asn.v6.a.indexOf(a.asn);
      expect(i >= 0 || j >= 0, `AS${a.asn} ${a.name} is in the dataset`).toBe(true);
    }
  });
});
