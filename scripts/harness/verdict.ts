/**
 * Scores a recording with the fusion engine, lib/analysis/session.ts `analyzeRecording()`.
 * Loaded lazily: the CLI must still print raw summaries when fusion is absent or throws.
 */
import { z } from 'zod';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';

/** The parts of TVerdictResult the tools rely on; the rest is passed through untouched. */
export const ZVerdictLike = z
  .object({
    score: z.number().nullable(),
    label: z.enum(['PASS', 'REVIEW', 'FAIL', 'INCONCLUSIVE']),
    reasons: z.array(z.unknown()),
    configVersion: z.union([z.string(), z.number()]),
  })
  .loose();
export type TVerdictLike = z.infer<typeof ZVerdictLike>;

type AnalyzeRecording = (frames: FrameFeatures[], audio: AudioEnvelope | null) => unknown;

let loaded: Promise<AnalyzeRecording | null> | null = null;

/** null when lib/analysis/session.ts does not exist (yet). */
export function loadAnalyzeRecording(): Promise<AnalyzeRecording | null> {
  loaded ??= (async () => {
    // A computed specifier keeps tsc and bundlers from requiring the module at build time.
    const spec = new URL('../../lib/analysis/session.ts', import.meta.url).href;
    try {
      const mod = (await import(spec)) as { analyzeRecording?: unknown };
      return typeof mod.analyzeRecording === 'function' ? (mod.analyzeRecording as AnalyzeRecording) : null;
    } catch (e) {
      if (e instanceof Error && 'code' in e && e.code === 'ERR_MODULE_NOT_FOUND' && e.message.includes('session.ts')) {
        return null;
      }
      throw e;
    }
  })();
  return loaded;
}

export interface VerdictOutcome {
  verdict: TVerdictLike | null;
  /** why there is no verdict, if there is none */
  note: string | null;
}

export async function scoreRecording(frames: FrameFeatures[], audio: AudioEnvelope | null): Promise<VerdictOutcome> {
  const analyzeRecording = await loadAnalyzeRecording();
  if (!analyzeRecording) return { verdict: null, note: 'lib/analysis/session.ts not available yet: raw features only' };
  const raw = await Promise.resolve(analyzeRecording(frames, audio));
  const parsed = ZVerdictLike.safeParse(raw);
  if (!parsed.success) return { verdict: null, note: `analyzeRecording returned an unexpected shape: ${parsed.error.message}` };
  return { verdict: parsed.data, note: null };
}

/** A short human string for a reason, whatever shape the fusion engine gives it. */
export function reasonText(r: unknown): string {
  if (typeof r === 'string') return r;
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    const text = o.message ?? o.text ?? o.summary ?? o.code ?? o.signal;
    const w = typeof o.weight === 'number' ? ` (${o.weight > 0 ? '+' : ''}${Math.round(o.weight * 10) / 10})` : '';
    if (typeof text === 'string') return `${text}${w}`;
  }
  return JSON.stringify(r);
}
