/**
 * Per-clip eval results on disk: `--save <file.jsonl>` appends one line per analysed clip as it
 * finishes (so a long run that is interrupted keeps its work), and `--reuse <file>` reads such a
 * file or an earlier `--json` document back. Only results made with the current fusion config
 * version are accepted.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { FUSION_CONFIG } from '../../lib/analysis/fusion-config';
import { LABELS, type ClipOutcome } from './metrics';

export interface ClipResult extends ClipOutcome {
  seconds: number;
  reasons: string[];
  errors: string[];
}

const ZClipResult = z.object({
  file: z.string(),
  cls: z.string(),
  label: z.enum(LABELS).nullable(),
  score: z.number().nullable(),
  seconds: z.number(),
  reasons: z.array(z.string()),
  errors: z.array(z.string()),
});
const ZSavedLine = ZClipResult.extend({ configVersion: z.string() });
const ZEvalDoc = z.object({ configVersion: z.string(), clips: z.array(ZClipResult) });

function checkVersion(path: string, version: string): void {
  if (version !== FUSION_CONFIG.version)
    throw new Error(`${path}: made with fusion config ${version}, not ${FUSION_CONFIG.version}`);
}

/** Earlier results by absolute file path; a later line for the same file wins. */
export function loadResults(paths: string[]): Map<string, ClipResult> {
  const out = new Map<string, ClipResult>();
  for (const p of paths) {
    const text = readFileSync(p, 'utf8');
    if (p.endsWith('.jsonl')) {
      for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
        const { configVersion, ...clip } = ZSavedLine.parse(JSON.parse(line));
        checkVersion(p, configVersion);
        out.set(clip.file, clip);
      }
    } else {
      const doc = ZEvalDoc.parse(JSON.parse(text));
      checkVersion(p, doc.configVersion);
      for (const c of doc.clips) out.set(c.file, c);
    }
  }
  return out;
}

/**
 * A clip whose analysis threw (the run was stopped, Chromium died, the file could not be decoded)
 * is saved as label null with only the error: it is not a result, so `--reuse` analyses it again.
 */
export function failedRun(r: ClipResult): boolean {
  return r.label === null && r.score === null && r.reasons.length === 0 && r.errors.length > 0;
}

/** The reusable part of earlier results: everything but failed runs. */
export function reusable(results: Map<string, ClipResult>): Map<string, ClipResult> {
  return new Map([...results].filter(([, r]) => !failedRun(r)));
}

export function saveResult(path: string, r: ClipResult): void {
  appendFileSync(path, JSON.stringify({ configVersion: FUSION_CONFIG.version, ...r }) + '\n');
}
