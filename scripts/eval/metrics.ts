/**
 * Presentation-attack metrics for `npm run eval` (ISO/IEC 30107-3 vocabulary), pure functions.
 * APCER: share of attack clips labelled PASS. BPCER: share of genuine clips labelled FAIL (and, as
 * a second figure, labelled anything but PASS). AUC: probability that a genuine clip scores higher
 * than an attack clip of the class (ties count one half), from the fused 0..100 score.
 */
export const LABELS = ['PASS', 'REVIEW', 'FAIL', 'INCONCLUSIVE'] as const;
export type Label = (typeof LABELS)[number];

export const GENUINE = 'genuine';
/** classes that someone else's generator made; reported, marked as external */
export const EXTERNAL_CLASSES = new Set(['synthetic_external']);

export interface ClipOutcome {
  file: string;
  cls: string;
  /** null when the engine produced no verdict (reported as INCONCLUSIVE, left out of the AUC) */
  label: Label | null;
  score: number | null;
}

export interface ClassRow {
  cls: string;
  external: boolean;
  n: number;
  counts: Record<Label, number>;
  /** attack classes: PASS / n; null for genuine or empty */
  apcer: number | null;
  /** genuine only: FAIL / n */
  bpcerFail: number | null;
  /** genuine only: not PASS / n */
  bpcerNotPass: number | null;
  /** attack classes: AUC of score, genuine vs this class; null without both sides */
  auc: number | null;
}

/** The class of a clip: the folder it sits in (`…/test/faceswap/x.mp4` → `faceswap`). */
export function classFromPath(file: string): string {
  const parts = file.split(/[\\/]/).filter((p) => p !== '');
  const dir = parts[parts.length - 2];
  if (!dir) throw new Error(`${file}: a clip must sit in a folder named after its class`);
  return dir.toLowerCase();
}

/** Clips taken round-robin over classes (order kept within a class), so a run cut short has every class. */
export function interleave(files: string[]): string[] {
  const byClass = new Map<string, string[]>();
  for (const f of files) {
    const cls = classFromPath(f);
    byClass.set(cls, [...(byClass.get(cls) ?? []), f]);
  }
  const queues = [...byClass.values()];
  const out: string[] = [];
  for (let i = 0; out.length < files.length; i++)
    for (const q of queues) {
      const f = q[i];
      if (f !== undefined) out.push(f);
    }
  return out;
}

/** Mann–Whitney AUC: P(genuine score > attack score) + ½ P(tie); null if either side is empty. */
export function auc(genuine: number[], attack: number[]): number | null {
  if (genuine.length === 0 || attack.length === 0) return null;
  let wins = 0;
  for (const g of genuine) for (const a of attack) wins += g > a ? 1 : g === a ? 0.5 : 0;
  return wins / (genuine.length * attack.length);
}

const ratio = (k: number, n: number): number | null => (n === 0 ? null : k / n);

export function classRows(clips: ClipOutcome[]): ClassRow[] {
  const classes = [...new Set(clips.map((c) => c.cls))].sort((a, b) =>
    a === GENUINE ? -1 : b === GENUINE ? 1 : a.localeCompare(b),
  );
  const scores = (cls: string): number[] =>
    clips.filter((c) => c.cls === cls && c.score !== null).map((c) => c.score as number);
  const genuineScores = scores(GENUINE);
  return classes.map((cls) => {
    const mine = clips.filter((c) => c.cls === cls);
    const counts = { PASS: 0, REVIEW: 0, FAIL: 0, INCONCLUSIVE: 0 };
    for (const c of mine) counts[c.label ?? 'INCONCLUSIVE'] += 1;
    const n = mine.length;
    const isGenuine = cls === GENUINE;
    return {
      cls,
      external: EXTERNAL_CLASSES.has(cls),
      n,
      counts,
      apcer: isGenuine ? null : ratio(counts.PASS, n),
      bpcerFail: isGenuine ? ratio(counts.FAIL, n) : null,
      bpcerNotPass: isGenuine ? ratio(n - counts.PASS, n) : null,
      auc: isGenuine ? null : auc(genuineScores, scores(cls)),
    };
  });
}

const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null): string => (v === null ? '–' : v.toFixed(3));

/** A README-ready markdown table of the rows. */
export function markdownTable(rows: ClassRow[]): string {
  const head =
    '| class | n | PASS | REVIEW | FAIL | INCONCL. | APCER (attack → PASS) | BPCER (genuine → FAIL) | genuine → not PASS | score AUC vs genuine |';
  const lines = [head, '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|'];
  for (const r of rows) {
    const name = r.external ? `${r.cls} (external, not ours)` : r.cls;
    const c = r.counts;
    lines.push(
      `| ${name} | ${r.n} | ${c.PASS} | ${c.REVIEW} | ${c.FAIL} | ${c.INCONCLUSIVE} | ${pct(r.apcer)} | ${pct(r.bpcerFail)} | ${pct(r.bpcerNotPass)} | ${num(r.auc)} |`,
    );
  }
  return lines.join('\n');
}
