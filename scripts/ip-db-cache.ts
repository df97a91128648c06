/**
 * Builds the binary cache of the offline IP database (.data/ipdb) unless it is current, so the
 * app's first candidate request does not parse a million CSV lines. Run by scripts/setup.sh.
 */
import { loadIpDatabase } from '@/lib/server/origin/ip-database';

const db = await loadIpDatabase(process.env.IP_LOCATION_DB_DIR);
console.log(
  `[setup] IP database ${db.datasets.asn}, ${db.datasets.country}: ${db.fromCache ? 'cache current' : `cache built in ${Math.round(db.loadMs)} ms`}`,
);
