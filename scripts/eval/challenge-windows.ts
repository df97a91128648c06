/**
 * How often a challenge would pass on footage that never answered it: every clip's feature dump
 * (`npm run eval -- <dirs…> --dump-dir <root>` writes <root>/<class>/<clip>.json) is cut into
 * answer windows of the live length (ANSWER_WINDOW_MS: 8 s for the hand and the profiles, one
 * every 4 s) with the prompt at the window's start, and the verifier is run on each. A genuine talker who was never
 * asked, or an attack clip, should not pass; a clip that really contains the answer (the hand
 * clip, the profile clip) should.
 *
 *   npx tsx scripts/eval/challenge-windows.ts <dump-root…> [--kind hand_occlusion] [--clips]
 *
 * Prints, per class folder, windows passed / windows; with --clips, per clip too.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ANSWER_WINDOW_MS, verifyChallenge } from '../../lib/analysis/challenges/index';
import { ZChallengeKind, type TChallengeKind } from '../../lib/schemas/challenges';
import type { AudioEnvelope, FrameFeatures } from '../../lib/analysis/types';

const args = process.argv.slice(2);
const kindAt = args.indexOf('--kind');
const kind: TChallengeKind = ZChallengeKind.parse(
  kindAt >= 0 ? args[kindAt + 1] : 'hand_occlusion',
);
if (kind === 'flash') {
  console.error(
    'flash needs its issued colour steps: not measurable on clips that were never asked',
  );
  process.exit(2);
}
const perClip = args.includes('--clips');
const roots = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--kind');
if (roots.length === 0) {
  console.error('usage: challenge-windows.ts <dump-root…> [--kind <challenge>] [--clips]');
  process.exit(2);
}

const STEP_MS = 4000;
const windowMs = ANSWER_WINDOW_MS[kind];
const tally = new Map<string, { passed: number; windows: number }>();

for (const root of roots) {
  for (const cls of readdirSync(root).sort()) {
    const dir = path.join(root, cls);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const dump = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
        frames: FrameFeatures[];
        audio?: AudioEnvelope | null;
      };
      // read_phrase is judged on speech and the mouth (the words are not checked): clips without
      // an audio track cannot answer it at all and are left out of its tally
      if (kind === 'read_phrase' && !dump.audio) continue;
      const end = dump.frames.at(-1)?.t ?? 0;
      let passed = 0;
      let windows = 0;
      for (let t0 = 0; t0 + windowMs <= end + 500; t0 += STEP_MS) {
        const v = verifyChallenge(dump.frames, {
          kind,
          params: { type: 'none' },
          audio: dump.audio ?? null,
          issuedAtMs: t0,
          deadlineMs: t0 + windowMs,
        });
        windows++;
        if (v.outcome === 'passed') passed++;
      }
      if (perClip) console.log(`${cls}/${file}`.padEnd(100), `${passed}/${windows}`);
      const t = tally.get(cls) ?? { passed: 0, windows: 0 };
      tally.set(cls, { passed: t.passed + passed, windows: t.windows + windows });
    }
  }
}

console.log(`\n${kind}: ${windowMs / 1000}-s answer windows every ${STEP_MS / 1000} s`);
console.log('| class | windows | passed |');
console.log('|---|--:|--:|');
for (const [cls, t] of [...tally].sort())
  console.log(
    `| ${cls} | ${t.windows} | ${t.passed} (${Math.round((100 * t.passed) / Math.max(1, t.windows))} %) |`,
  );
