import type { TChallengeVerdict } from '../../schemas/challenges';
import { SCENE_SIZE, type Box, type FrameFeatures } from '../types';
import { median } from '../math/stats';
import { hammingHex } from '../signals/loops';
import {
  argMax,
  evidenceOf,
  framePeriod,
  hasFace,
  latencyOf,
  medoidHash,
  runMs,
  splitFrames,
  tooFewFrames,
  verdict,
  type ChallengeCtx,
  type FaceFrame,
  type Run,
} from './common';
import { measureSwapTells, tellsMeasured, tellsNote } from './swap-tells';

/**
 * Hand across the face. A frame is "occluded" when the face box and head pose stay where they were
 * before the prompt (centre within 0.35 face widths, size within −25 %/+33 %, yaw and pitch within
 * 15°) but the face crop changed: dHash ≥ 8 bits from the pre-prompt face, or a crop difference ≥
 * max(8, 4 × the pre-prompt level); a frame with no face counts too (MediaPipe may drop a covered
 * face) for at most 2.5 s. An episode of such frames (one-frame gaps bridged) lasting ≥ 300 ms is
 * the hand. Recovery: two consecutive steady frames back within 6 bits of the pre-prompt face (the
 * same face, same place). A window that ends with the hand still up passes without recovery
 * (`recovered: false`: identity continuity was not checked). The swap tells (landmark jumps, crop
 * flicker) run over the whole window: a swap that drops out under the hand fails.
 *
 * Recorded mediapipe_hand_occlusion (fist, then thumbs-up held over nose and mouth): the
 * pre-prompt face varies 0–4 bits; the hand moves it 7–20 bits with crop differences up to 18.5.
 *
 * A hand comes from somewhere: it crosses the picture around the face on its way (and the arm
 * stays there). So the episode only counts when something new came into view next to the face
 * (`handSeenShare`, handArrival below): a still photo animated by someone else's motion (an
 * animated portrait) changes its face crop when the driver's face is covered, but nothing enters
 * the picture around it — that is 'not_performed', never a pass. Only new cells joined, through
 * new cells, to the face's outline count (session 11): an arm whose hand is on the face crosses
 * it, while a hand waved out at the side, or a replayed talker's gestures, need not. Nor is the
 * talker's own sway new (session 12): a cell that matches the reference where it was before the
 * face moved (by whole scene cells) is the head, hair or shirt moving with the face.
 *
 * Where it stops working: a hand passing in < 1 frame interval (low fps); a head that moves while
 * the hand passes (then it is "moved", not occluded); a crop too small for dHash to see the hand;
 * for the arrival test, a hand and arm of the same grey level as the wall behind them (within
 * ~16 levels) or, where the arm crosses the face's outline, as the face and hair beside it (the
 * chain to the outline breaks), a face filling the frame (no surround: the test is skipped), and
 * a face swap that paints the face over a real hand (the hand is seen arriving; only the swap
 * tells can catch it).
 */

export const OCCLUSION = {
  hashBits: 8,
  diffFactor: 4,
  minDiff: 8,
  minMs: 300,
  maxShiftFaces: 0.35,
  minSizeRatio: 0.75,
  maxSizeRatio: 1.33,
  maxPoseDeg: 15,
  maxLossMs: 2500,
  recoverBits: 6,
  recoverFrames: 2,
  /** a surround cell counts as "new" when it differs by this many grey levels from every reference cell in its 3×3 neighbourhood */
  arrivalGrey: 16,
  /** share of the surround cells that must show something new at least once (a hand and forearm: ~0.2–0.35) */
  arrivalShare: 0.08,
  /** the surround: up to this many face widths left and right of the face box … */
  arrivalReachX: 0.9,
  /** … this many face heights above it and below it */
  arrivalReachUp: 0.4,
  arrivalReachDown: 0.6,
  /** margin around the face box left out of the surround (the face's own edge moves with it) */
  arrivalBoxMargin: 0.1,
  /** the hand must be seen arriving at most this long before the face changed … */
  arrivalLeadMs: 1500,
  /** … or at most this long after (it crosses the surround on its way in, before it covers the face) */
  arrivalLagMs: 500,
  /** fewer surround cells (or reference scenes) than this: the arrival test is skipped */
  arrivalMinCells: 12,
} as const;

type Cls = 'clear' | 'occluded' | 'lost' | 'moved';

interface Ref {
  hash: string;
  box: Box;
  yaw: number;
  pitch: number;
  diff: number;
}

function refOf(baseline: readonly FaceFrame[]): Ref | null {
  const hash = medoidHash(baseline);
  if (!hash || baseline.length < 2) return null;
  const m = (g: (f: FaceFrame) => number): number => median(baseline.map(g));
  const diffs = baseline.flatMap((f) => (f.face.diff === null ? [] : [f.face.diff]));
  return {
    hash,
    box: {
      x: m((f) => f.face.box.x),
      y: m((f) => f.face.box.y),
      w: m((f) => f.face.box.w),
      h: m((f) => f.face.box.h),
    },
    yaw: m((f) => f.face.pose.yaw),
    pitch: m((f) => f.face.pose.pitch),
    diff: diffs.length > 0 ? median(diffs) : 2,
  };
}

function steady(f: FaceFrame, ref: Ref): boolean {
  const b = f.face.box;
  const shift = Math.hypot(
    b.x + b.w / 2 - (ref.box.x + ref.box.w / 2),
    b.y + b.h / 2 - (ref.box.y + ref.box.h / 2),
  );
  const ratio = b.w / Math.max(ref.box.w, 1);
  return (
    shift <= OCCLUSION.maxShiftFaces * ref.box.w &&
    ratio >= OCCLUSION.minSizeRatio &&
    ratio <= OCCLUSION.maxSizeRatio &&
    Math.abs(f.face.pose.yaw - ref.yaw) <= OCCLUSION.maxPoseDeg &&
    Math.abs(f.face.pose.pitch - ref.pitch) <= OCCLUSION.maxPoseDeg
  );
}

function classify(f: FrameFeatures, ref: Ref): Cls {
  if (!hasFace(f)) return 'lost';
  if (!steady(f, ref)) return 'moved';
  const changed =
    hammingHex(f.face.hash, ref.hash) >= OCCLUSION.hashBits ||
    (f.face.diff ?? 0) >= Math.max(OCCLUSION.minDiff, OCCLUSION.diffFactor * ref.diff);
  return changed ? 'occluded' : 'clear';
}

/**
 * A meter of the surround against the baseline: the scene thumbnail (FrameFeatures.scene,
 * SCENE_SIZE² grey) of each frame it is given is compared with the per-cell median of the
 * baseline's scenes (built once here), and it returns the share of surround cells showing something
 * new **and joined to the face's outline** at its maximum over those frames (null when none has a
 * scene): new cells count only when a chain of new cells (8-neighbourhood) links them to a
 * surround cell touching the left-out box — the arm of a hand on the face crosses the outline.
 * A cell is new when it differs by ≥ arrivalGrey from every reference cell in its 3×3
 * neighbourhood (a background dragged or shaken by up to a cell is not new; a hand is) and, in a
 * frame whose face box moved by whole cells, from every reference cell around where it was before
 * the move (the body's edges moving with the face are not new). null when
 * the test cannot be made (fewer than 2 baseline scenes, fewer than arrivalMinCells surround
 * cells).
 */
export function handArrival(
  baseline: readonly FrameFeatures[],
  box: Box,
): ((frames: readonly FrameFeatures[]) => number | null) | null {
  const n = SCENE_SIZE;
  const refs = baseline.flatMap((f) => (f.scene?.length === n * n ? [f.scene] : []));
  const first = baseline[0];
  if (refs.length < 2 || !first) return null;
  const ref = Array.from({ length: n * n }, (_, k) => median(refs.map((s) => s[k] ?? 0)));
  const cw = first.width / n;
  const ch = first.height / n;
  const m = OCCLUSION.arrivalBoxMargin;
  const insideBox = (k: number): boolean => {
    const cx = ((k % n) + 0.5) * cw;
    const cy = (Math.floor(k / n) + 0.5) * ch;
    return (
      cx > box.x - m * box.w &&
      cx < box.x + (1 + m) * box.w &&
      cy > box.y - m * box.h &&
      cy < box.y + (1 + m) * box.h
    );
  };
  const ring: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const cx = (j + 0.5) * cw;
      const cy = (i + 0.5) * ch;
      const inBox = insideBox(i * n + j);
      const near =
        cx > box.x - OCCLUSION.arrivalReachX * box.w &&
        cx < box.x + (1 + OCCLUSION.arrivalReachX) * box.w &&
        cy > box.y - OCCLUSION.arrivalReachUp * box.h &&
        cy < box.y + (1 + OCCLUSION.arrivalReachDown) * box.h;
      if (near && !inBox) ring.push(i * n + j);
    }
  }
  if (ring.length < OCCLUSION.arrivalMinCells) return null;
  const inRing = new Set(ring);
  // each surround cell's 8 neighbours in the grid, built once (every frame reads them)
  const around = new Map(
    ring.map((k) => {
      const i = Math.floor(k / n);
      const j = k % n;
      const out: number[] = [];
      for (let di = -1; di <= 1; di++)
        for (let dj = -1; dj <= 1; dj++) {
          const ii = i + di;
          const jj = j + dj;
          if ((di || dj) && ii >= 0 && jj >= 0 && ii < n && jj < n) out.push(ii * n + jj);
        }
      return [k, out] as const;
    }),
  );
  const neighbours = (k: number): readonly number[] => around.get(k) ?? [];
  // ring cells touching the left-out box (8-neighbourhood): where an arm reaching the face
  // crosses its outline
  const edge = ring.filter((k) => neighbours(k).some((q) => !inRing.has(q) && insideBox(q)));
  const cx0 = box.x + box.w / 2;
  const cy0 = box.y + box.h / 2;
  /** far from the reference in the 3×3 cells around grid cell (i, j) (cells off the grid: far) */
  const farAround = (v: number, i: number, j: number): boolean => {
    for (let di = -1; di <= 1; di++)
      for (let dj = -1; dj <= 1; dj++) {
        const ii = i + di;
        const jj = j + dj;
        if (ii < 0 || jj < 0 || ii >= n || jj >= n) continue;
        if (Math.abs(v - (ref[ii * n + jj] ?? 0)) < OCCLUSION.arrivalGrey) return false;
      }
    return true;
  };
  /**
   * New: unlike the reference around the cell (the still background, shaken by up to a cell) and,
   * when the face moved by (di, dj) whole cells, unlike the reference around where that content was
   * before the move (the head, hair, neck and shoulders move with the face: their edges are not a
   * hand). A hand is neither.
   */
  const isNew = (s: readonly number[], k: number, di: number, dj: number): boolean => {
    const v = s[k] ?? 0;
    const i = Math.floor(k / n);
    const j = k % n;
    return farAround(v, i, j) && ((di === 0 && dj === 0) || farAround(v, i - di, j - dj));
  };
  return (frames) => {
    let best: number | null = null;
    for (const f of frames) {
      const s = f.scene;
      if (s?.length !== n * n) continue;
      // how far the face moved, in whole scene cells (none known: no face, e.g. covered by the hand)
      const fb = f.face?.box;
      const dj = fb ? Math.round((fb.x + fb.w / 2 - cx0) / cw) : 0;
      const di = fb ? Math.round((fb.y + fb.h / 2 - cy0) / ch) : 0;
      // new cells connected, through new cells, to the face's outline: an arm whose hand is on the
      // face crosses it; swinging hair or a gesture out at the side need not
      const fresh = new Set(ring.filter((k) => isNew(s, k, di, dj)));
      const reached = new Set(edge.filter((k) => fresh.has(k)));
      const stack = [...reached];
      while (stack.length > 0) {
        for (const q of neighbours(stack.pop() ?? 0)) {
          if (fresh.has(q) && !reached.has(q)) {
            reached.add(q);
            stack.push(q);
          }
        }
      }
      best = Math.max(best ?? 0, reached.size / ring.length);
    }
    return best;
  };
}

/** Episodes of occluded/lost frames, bridging single-frame gaps. */
function episodes(cls: readonly Cls[]): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  cls.forEach((c, i) => {
    if (c !== 'occluded' && c !== 'lost') return;
    if (cur && i - cur.end <= 2 && cls[i - 1] !== 'moved') cur.end = i;
    else {
      if (cur) runs.push(cur);
      cur = { start: i, end: i };
    }
  });
  if (cur) runs.push(cur);
  return runs;
}

function lostMs(window: readonly FrameFeatures[], cls: readonly Cls[], r: Run): number {
  let ms = 0;
  for (let i = r.start; i <= r.end; i++)
    if (cls[i] === 'lost') ms += (window[i + 1]?.t ?? window[i]?.t ?? 0) - (window[i]?.t ?? 0);
  return ms;
}

function recovery(
  window: readonly FrameFeatures[],
  cls: readonly Cls[],
  after: number,
): FrameFeatures | undefined {
  for (let i = after + 1; i + OCCLUSION.recoverFrames - 1 < window.length; i++) {
    if (cls.slice(i, i + OCCLUSION.recoverFrames).every((c) => c === 'clear')) return window[i];
  }
  return undefined;
}

export function verifyHandOcclusion(
  frames: readonly FrameFeatures[],
  ctx: ChallengeCtx,
): TChallengeVerdict {
  const kind = 'hand_occlusion';
  const { window, baseline } = splitFrames(frames, ctx);
  const gate = tooFewFrames(kind, window, 0.3);
  if (gate) return gate;
  const ref = refOf(baseline);
  if (!ref) return verdict(kind, 'unreliable', 'no steady face at the prompt to compare with');
  const cls = window.map((f) => classify(f, ref));
  const period = framePeriod(window);
  const dist = (f: FaceFrame): number => hammingHex(f.face.hash, ref.hash);
  const faces = window.filter(hasFace);
  const base = {
    maxHashDistBits: Math.max(0, ...faces.map(dist)),
    maxDiff: Math.max(0, ...faces.map((f) => f.face.diff ?? 0)),
    refDiff: ref.diff,
    frames: window.length,
  };
  const candidates = episodes(cls).filter(
    (r) =>
      runMs(window, r, period) >= OCCLUSION.minMs &&
      lostMs(window, cls, r) <= OCCLUSION.maxLossMs &&
      cls.slice(r.start, r.end + 1).includes('occluded'),
  );
  if (candidates.length === 0)
    return verdict(
      kind,
      'not_performed',
      `no hand over a steady face (crop changed at most ${base.maxHashDistBits} bits)`,
      { measured: base },
    );
  // The first episode with a hand seen arriving (or with no scenes to tell): a crop change while
  // talking before the hand came does not use up the answer.
  const meter = handArrival(baseline, ref.box);
  const seenOf = (r: Run): number | null => {
    const t0 = window[r.start]?.t ?? 0;
    const share =
      meter?.(
        window.filter(
          (f) => f.t >= t0 - OCCLUSION.arrivalLeadMs && f.t <= t0 + OCCLUSION.arrivalLagMs,
        ),
      ) ?? null;
    return share === null ? null : Math.round(share * 1000) / 1000;
  };
  let ep: Run | undefined;
  let seen: number | null = null;
  let bestSeen = 0;
  for (const r of candidates) {
    const sh = seenOf(r);
    if (sh === null || sh >= OCCLUSION.arrivalShare) {
      ep = r;
      seen = sh;
      break;
    }
    bestSeen = Math.max(bestSeen, sh);
  }
  if (!ep) {
    const longest = Math.max(...candidates.map((r) => runMs(window, r, period)));
    return verdict(
      kind,
      'not_performed',
      `the face changed for ${Math.round(longest)} ms but no hand came into view around it ` +
        `(${Math.round(bestSeen * 100)} % of the picture around the face changed; a hand reaching the face changes ≥ ${Math.round(OCCLUSION.arrivalShare * 100)} %)`,
      { measured: { ...base, handSeenShare: bestSeen } },
    );
  }
  const inEp = window.slice(ep.start, ep.end + 1);
  const back = recovery(window, cls, ep.end);
  const lastFaces = faces.slice(-3);
  const idRef = { hash: ref.hash, yaw: ref.yaw, pitch: ref.pitch };
  const tells = measureSwapTells(
    window,
    baseline,
    idRef,
    back ? faces.filter((f) => f.t >= back.t && cls[window.indexOf(f)] !== 'occluded') : [],
  );
  const parts = {
    latencyMs: latencyOf(ctx, window[ep.start]),
    evidence: evidenceOf(
      window[ep.start - 1] ?? baseline[baseline.length - 1],
      argMax(inEp.filter(hasFace), dist) ?? inEp[0],
      back ?? window[window.length - 1],
    ),
    measured: {
      ...base,
      occludedMs: runMs(window, ep, period),
      lostMs: lostMs(window, cls, ep),
      recovered: back !== undefined,
      afterHashDistBits: lastFaces.length > 0 ? median(lastFaces.map(dist)) : null,
      handSeenShare: seen,
      ...tellsMeasured(tells),
    },
    swapSuspect: tells.swapSuspect,
  };
  if (tells.swapSuspect)
    return verdict(kind, 'failed', `face broke under the hand: ${tellsNote(tells)}`, parts);
  const rec = back ? 'the same face came back' : 'recovery not seen before the window ended';
  return verdict(
    kind,
    'passed',
    `hand over a steady face for ${Math.round(parts.measured.occludedMs)} ms; ${rec}`,
    parts,
  );
}
