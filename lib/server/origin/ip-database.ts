import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TIp } from '@/lib/analysis/origin/ip-address';
import { cacheFile, readCache, writeCache } from './ip-database-cache';
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

function buildFromCsv(dir: string) {
  const asnDir = path.join(dir, ASN_PACKAGE);
  const ccDir = path.join(dir, COUNTRY_PACKAGE);
  return Promise.all([
    lines(path.join(asnDir, 'asn-ipv4-num.csv')),
    lines(path.join(asnDir, 'asn-ipv6-num.csv')),
    lines(path.join(ccDir, 'geo-whois-asn-country-ipv4-num.csv')),
    lines(path.join(ccDir, 'geo-whois-asn-country-ipv6-num.csv')),
  ]).then(([a4, a6, c4, c6]) => ({
    asn: buildRangeTable(a4, a6, parseAsnValue),
    country: buildRangeTable(c4, c6, parseCountryValue),
  }));
}

export const defaultCacheDir = () => path.join(process.cwd(), '.data', 'ipdb');

/**
 * Loads the tables from the binary cache for these dataset versions, or builds them from the CSV
 * files and writes the cache (cacheDir null: never use a cache).
 */
export async function loadIpDatabase(
  dir = defaultIpDbDir(),
  cacheDir: string | null = defaultCacheDir(),
): Promise<TIpDatabase & { fromCache: boolean }> {
  const t0 = performance.now();
  const datasets = {
    asn: await datasetName(dir, ASN_PACKAGE),
    country: await datasetName(dir, COUNTRY_PACKAGE),
  };
  const key = `${datasets.asn}+${datasets.country}`;
  const file = cacheDir ? cacheFile(cacheDir, key) : null;
  const cached = file ? await readCache(file, key) : null;
  const tables = cached ?? (await buildFromCsv(dir));
  if (file && !cached) {
    await writeCache(file, key, tables).catch((err: unknown) =>
      console.error('[origin] could not write the IP database cache', err),
    );
  }
  return { ...tables, datasets, loadMs: performance.now() - t0, fromCache: cached !== null };
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
