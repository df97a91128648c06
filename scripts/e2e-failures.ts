/**
 * Prints, last, why each failed e2e test failed, and which passed only on a retry (flaky): CI
 * shows only the tail of a long run, where the list reporter has already scrolled the error
 * messages away behind traces and attachments. Reads the JSON report playwright.config.ts writes
 * (.data/e2e-report.json); prints nothing when every test passed at once or when there is no
 * report.
 *
 *   npx tsx scripts/e2e-failures.ts [report.json]
 */
import { existsSync, readFileSync } from 'node:fs';

interface Err {
  message?: string;
  location?: { file: string; line: number; column: number };
}
interface Result {
  status: string;
  retry: number;
  duration: number;
  errors?: Err[];
}
interface Spec {
  title: string;
  file: string;
  line: number;
  tests: { results: Result[] }[];
}
interface Suite {
  title: string;
  specs?: Spec[];
  suites?: Suite[];
}

/** CI keeps only the last lines of the output: one line per failed attempt. */
const MAX_CHARS = 600;
const file = process.argv[2] ?? '.data/e2e-report.json';
if (!existsSync(file)) process.exit(0);
const report = JSON.parse(readFileSync(file, 'utf8')) as { suites?: Suite[]; errors?: Err[] };

// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');
/** The message without its code frame and stack, on one line. */
const oneLine = (s: string): string => {
  const kept: string[] = [];
  for (const l of plain(s).split('\n')) {
    if (/^\s*>?\s*\d+ \|/.test(l) || /^\s+at /.test(l)) break;
    if (l.trim()) kept.push(l.trim());
  }
  const text = kept.join(' / ');
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text;
};

const failures: string[] = [];
const walk = (s: Suite): void => {
  for (const spec of s.specs ?? [])
    for (const t of spec.tests) {
      const passedLater = t.results.some((r) => r.status === 'passed');
      for (const r of t.results) {
        if (r.status === 'passed' || r.status === 'skipped') continue;
        const errs = (r.errors ?? [])
          .map((e) => {
            const at = e.location ? ` (line ${e.location.line})` : '';
            return `${oneLine(e.message ?? '(no message)')}${at}`;
          })
          .join(' // ');
        failures.push(
          `- ${spec.file}:${spec.line} [${r.status}${r.retry ? `, retry ${r.retry}` : ''}, ${Math.round(r.duration / 1000)} s${passedLater ? '; FLAKY: passed on a retry' : ''}] ${errs}`,
        );
      }
    }
  for (const c of s.suites ?? []) walk(c);
};
for (const s of report.suites ?? []) walk(s);
for (const e of report.errors ?? [])
  failures.push(`- outside any test: ${oneLine(e.message ?? '')}`);
if (failures.length > 0) {
  console.log(`\n=== e2e attempts that failed (${failures.length}), with their errors ===`);
  console.log(failures.join('\n'));
}
