import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TIp } from '@/lib/analysis/origin/ip-address';
import {
  buildRangeTable,
  lookupRange,
  parseAsnValue,
  parseCountryValue,
  type TRangeTable,
} from '@/lib/analysis/origin/ip-ranges';

/**
 * The offline IP → ASN / organisation / country database: two CC BY 4.0 datasets from the
 * ip-location-db npm packages (docs/origin.md), loaded once per process into sorted typed arrays.
 */

export const ASN_PACKAGE = '@ip-location-db/asn';
export const COUNTRY_PACKAGE = '@ip-location-db/geo-whois-asn-country';

export interface TIpDatabase {
  asn: TRangeTable;
  country: TRangeTable;
  /** "name@version" of each dataset, as recorded with every report */
  datasets: { asn: string; country: string };
  loadMs: number;
}

export interface TIpFacts {
  asn: number | null;
  asOrganization: string | null;
  country: string | null;
}

export const defaultIpDbDir = () => path.join(process.cwd(), 'node_modules');

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n');
}

async function datasetName(dir: string, pkg: string): Promise<string> {
  const meta = JSON.parse(await readFile(path.join(dir, pkg, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return `${pkg}@${meta.version ?? 'unknown'}`;
}

export async function loadIpDatabase(dir = defaultIpDbDir()): Promise<TIpDatabase> {
  const t0 = performance.now();
  const asnDir = path.join(dir, ASN_PACKAGE);
  const ccDir = path.join(dir, COUNTRY_PACKAGE);
  const asn = buildRangeTable(
    await lines(path.join(asnDir, 'asn-ipv4-num.csv')),
    await lines(path.join(asnDir, 'asn-ipv6-num.csv')),
    parseAsnValue,
  );
  const country = buildRangeTable(
    await lines(path.join(ccDir, 'geo-whois-asn-country-ipv4-num.csv')),
    await lines(path.join(ccDir, 'geo-whois-asn-country-ipv6-num.csv')),
    parseCountryValue,
  );
  const datasets = {
    asn: await datasetName(dir, ASN_PACKAGE),
    country: await datasetName(dir, COUNTRY_PACKAGE),
  };
  return { asn, country, datasets, loadMs: performance.now() - t0 };
}

let names: Promise<TIpDatabase['datasets']> | null = null;

/** Dataset names and versions without loading the ranges (for reports and exports). */
export function ipDatasetNames(dir = defaultIpDbDir()): Promise<TIpDatabase['datasets']> {
  names ??= Promise.all([datasetName(dir, ASN_PACKAGE), datasetName(dir, COUNTRY_PACKAGE)]).then(
    ([asn, country]) => ({ asn, country }),
    () => ({ asn: `${ASN_PACKAGE}@unavailable`, country: `${COUNTRY_PACKAGE}@unavailable` }),
  );
  return names;
}

let loading: Promise<TIpDatabase> | null = null;

/** The process-wide database; a failed load is forgotten so the next request retries. */
export function ipDatabase(dir?: string): Promise<TIpDatabase> {
  loading ??= loadIpDatabase(dir).catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

export function lookupIpFacts(db: TIpDatabase, ip: TIp): TIpFacts {
  const a = lookupRange(db.asn, ip);
  const c = lookupRange(db.country, ip);
  return {
    asn: a && a[0] > 0 ? a[0] : null,
    asOrganization: a ? db.asn.labels[a[1]] || null : null,
    country: c ? (db.country.labels[c[0]] ?? null) : null,
  };
}
