/**
 * Bundles the browser engine for the file harness with esbuild: the very same worker entry the
 * app uses (lib/ml/analysis.worker.ts) plus a tiny page script driving it through engine-client.
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../assets/copy-vendor';

export const HARNESS_OUT = join(REPO_ROOT, '.data/harness');

export async function buildHarness(): Promise<string> {
  mkdirSync(HARNESS_OUT, { recursive: true });
  await build({
    entryPoints: {
      'analysis.worker': join(REPO_ROOT, 'lib/ml/analysis.worker.ts'),
      page: join(REPO_ROOT, 'scripts/harness/page.ts'),
    },
    outdir: HARNESS_OUT,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    sourcemap: 'linked',
    logLevel: 'warning',
    // ort's bundle contains node-only branches guarded at run time; keep them out of the graph.
    external: ['node:*', 'fs', 'path', 'url', 'worker_threads', 'module'],
  });
  return HARNESS_OUT;
}
