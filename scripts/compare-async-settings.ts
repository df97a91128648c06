/**
 * npx tsx scripts/compare-async-settings.ts [--reference baseline|full-rate] [clip…]
 *
 * The async worker's engine settings against a reference on the same clips, in order through one
 * engine each (so the warm page carries from clip to clip as it does from job to job): prints each
 * clip's verdict and score under both, its blinks (count, longest gap between them, per minute) and
 * whether the label changed. Reference `baseline` (default): the settings before the speed work
 * (bench:async's baseline). Reference `full-rate`: the worker's own settings with the landmarker on
 * every analysed frame (CANDOR_ASYNC_LANDMARKER_MS=0), i.e. what the lower landmarker rate changes.
 * Default clips: a few ../shared/media/calibration clips and an attack.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { detectBlinks, type BlinkEvent } from '../lib/analysis/signals/blinks';
import { createRecordingEngine } from './harness/recording-analyzer';
import { scoreRecording } from './harness/verdict';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { reference: { type: 'string', default: 'baseline' } },
});
if (values.reference !== 'baseline' && values.reference !== 'full-rate')
  throw new Error('--reference must be baseline or full-rate');
const CLIPS = positionals.length
  ? positionals
  : [
      '../shared/media/calibration/genuine/pcavs_voxceleb_older_bald_man_interview.mp4',
      '../shared/media/calibration/genuine/edtalk_hdtf_woman_talking_noaudio.mp4',
      '../shared/media/calibration/synthetic/edtalk_woman_audio_driven_256.mp4',
      '../shared/media/attacks/print_photo_handheld_sim.mp4',
    ];

const worker = await createRecordingEngine();
const reference =
  values.reference === 'baseline'
    ? await createRecordingEngine({ baseline: true })
    : await createRecordingEngine({ landmarkerMs: 0 });
let changed = 0;
const totals = { ref: 0, worker: 0, matched: 0 };
/** a blink of one run that overlaps (± 150 ms) one of the other run */
const overlaps = (a: BlinkEvent, b: BlinkEvent) =>
  a.startMs <= b.endMs + 150 && b.startMs <= a.endMs + 150;
try {
  for (const clip of CLIPS) {
    const out: string[] = [];
    const labels: string[] = [];
    const events: BlinkEvent[][] = [];
    const summaries: Array<Map<string, number | null>> = [];
    for (const [name, engine] of [
      [values.reference, reference],
      ['worker', worker],
    ] as const) {
      const a = await engine.analyze(clip, () => undefined);
      const { verdict, signals } = scoreRecording(a.frames, a.audio);
      summaries.push(new Map(signals.map((x) => [x.signal, x.value])));
      const b = detectBlinks(a.frames);
      const carried = a.frames.filter((f) => f.face?.carried).length;
      totals[name === 'worker' ? 'worker' : 'ref'] += b.events.length;
      events.push(b.events);
      labels.push(verdict?.label ?? 'none');
      out.push(
        `${name} ${verdict?.label ?? 'none'} ${verdict?.score ?? '-'} (${a.frames.length} frames, ${carried} carried; ` +
          `${b.events.length} blinks, longest gap ${(b.longestGapMs / 1000).toFixed(1)} s, ` +
          `${b.ratePerMin === null ? '-' : b.ratePerMin.toFixed(1)}/min)`,
      );
    }
    const matched = (events[1] ?? []).filter((e) =>
      (events[0] ?? []).some((r) => overlaps(e, r)),
    ).length;
    totals.matched += matched;
    out.push(`${matched} worker blinks at a ${values.reference} blink`);
    // signal summaries that moved by more than 10 % (of the larger) between the two runs
    const moved = [...(summaries[0] ?? new Map<string, number | null>())]
      .filter(([k, v]) => {
        const w = summaries[1]?.get(k) ?? null;
        if (v === null || w === null) return v !== w;
        return Math.abs(v - w) > 0.1 * Math.max(Math.abs(v), Math.abs(w), 1e-9);
      })
      .map(
        ([k, v]) => `${k} ${v?.toFixed(3) ?? 'null'}→${summaries[1]?.get(k)?.toFixed(3) ?? 'null'}`,
      );
    out.push(`moved: ${moved.join(', ') || 'none'}`);
    const same = labels[0] === labels[1];
    if (!same) changed++;
    console.log(`${basename(clip).padEnd(56)} ${out.join(' | ')} ${same ? 'same' : 'CHANGED'}`);
  }
  console.log(
    `${changed} of ${CLIPS.length} verdict labels changed; blinks ${values.reference} ${totals.ref}, worker ${totals.worker} (${totals.matched} at a ${values.reference} blink)`,
  );
} finally {
  await worker.close();
  await reference.close();
}
