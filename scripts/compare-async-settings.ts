/**
 * npx tsx scripts/compare-async-settings.ts [clip…]
 *
 * The async worker's engine settings against the settings before the speed work (bench:async's
 * baseline) on the same clips, in order through one engine each (so the warm page carries from
 * clip to clip as it does from job to job): prints each clip's verdict and score under both and
 * whether the label changed. Default clips: a few ../shared/media/calibration clips and an attack.
 */
import { basename } from 'node:path';
import { createRecordingEngine } from './harness/recording-analyzer';
import { scoreRecording } from './harness/verdict';

const CLIPS = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [
      '../shared/media/calibration/genuine/pcavs_voxceleb_older_bald_man_interview.mp4',
      '../shared/media/calibration/genuine/edtalk_hdtf_woman_talking_noaudio.mp4',
      '../shared/media/calibration/synthetic/edtalk_woman_audio_driven_256.mp4',
      '../shared/media/attacks/print_photo_handheld_sim.mp4',
    ];

const worker = await createRecordingEngine();
const baseline = await createRecordingEngine({ baseline: true });
let changed = 0;
try {
  for (const clip of CLIPS) {
    const out: string[] = [];
    const labels: string[] = [];
    for (const [name, engine] of [
      ['baseline', baseline],
      ['worker', worker],
    ] as const) {
      const a = await engine.analyze(clip, () => undefined);
      const { verdict } = scoreRecording(a.frames, a.audio);
      labels.push(verdict?.label ?? 'none');
      out.push(
        `${name} ${verdict?.label ?? 'none'} ${verdict?.score ?? '-'} (${a.frames.length} frames)`,
      );
    }
    const same = labels[0] === labels[1];
    if (!same) changed++;
    console.log(`${basename(clip).padEnd(56)} ${out.join(' | ')} ${same ? 'same' : 'CHANGED'}`);
  }
  console.log(`${changed} of ${CLIPS.length} verdict labels changed`);
} finally {
  await worker.close();
  await baseline.close();
}
