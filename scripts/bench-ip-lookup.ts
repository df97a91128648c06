/**
 * Prints how long the offline IP database takes to load, how much memory it holds and how fast a
 * lookup is (figures, never assertions).   npm run bench:ip-lookup
 */
import { parseIp, type TIp } from '@/lib/analysis/origin/ip-address';
import { loadIpDatabase, lookupIpFacts } from '@/lib/server/origin/ip-database';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
global.gc?.();
const before = process.memoryUsage();
const cold = await loadIpDatabase(process.env.IP_LOCATION_DB_DIR, null);
console.log(`load from the CSV files: ${cold.loadMs.toFixed(0)} ms`);
const db = await loadIpDatabase(process.env.IP_LOCATION_DB_DIR);
if (!db.fromCache) console.log(`(cache written: ${db.loadMs.toFixed(0)} ms)`);
const warm = await loadIpDatabase(process.env.IP_LOCATION_DB_DIR);
console.log(`load from the binary cache (.data/ipdb): ${warm.loadMs.toFixed(0)} ms`);
global.gc?.();
const after = process.memoryUsage();
const tableBytes = [db.asn, db.country]
  .flatMap((t) => [...Object.values(t.v4), ...Object.values(t.v6)])
  .reduce((s, a) => s + a.byteLength, 0);
const labelBytes = [...db.asn.labels, ...db.country.labels].reduce((s, l) => s + 2 * l.length, 0);
console.log(`tables held: ${mb(tableBytes)} typed arrays + ~${mb(labelBytes)} of names`);
console.log(`datasets: ${db.datasets.asn}, ${db.datasets.country}`);
console.log(
  `ranges: asn v4 ${db.asn.v4.starts.length}, v6 ${db.asn.v6.starts.length / 2}; ` +
    `country v4 ${db.country.v4.starts.length}, v6 ${db.country.v6.starts.length / 2}; ` +
    `${db.asn.labels.length} organisation names`,
);
console.log(
  `memory after both loads (includes garbage unless run with node --expose-gc): heap +${mb(after.heapUsed - before.heapUsed)}, typed arrays +${mb(after.arrayBuffers - before.arrayBuffers)}, rss +${mb(after.rss - before.rss)}`,
);

function randomIps(n: number, v6: boolean): TIp[] {
  const out: TIp[] = [];
  for (let i = 0; i < n; i++) {
    const raw = v6
      ? `2${Math.floor(Math.random() * 0xfff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}::1`
      : [1, 2, 3, 4].map(() => Math.floor(Math.random() * 223) + 1).join('.');
    out.push(parseIp(raw)!);
  }
  return out;
}
for (const v6 of [false, true]) {
  const ips = randomIps(200_000, v6);
  const t0 = performance.now();
  let found = 0;
  for (const ip of ips) if (lookupIpFacts(db, ip).asn !== null) found++;
  const us = ((performance.now() - t0) * 1000) / ips.length;
  console.log(
    `lookup IPv${v6 ? 6 : 4}: ${us.toFixed(2)} µs per address (ASN + country), ${((100 * found) / ips.length).toFixed(0)}% of random addresses have an ASN`,
  );
}
