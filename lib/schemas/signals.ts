import { z } from 'zod';
import { LONG_FOLD_SLOTS } from '../analysis/signals/long-fold';

/**
 * Per-window signal records (what the trusted side posts and the server stores) and verdicts.
 * Every array and number is bounded: the server validates posted windows with these schemas.
 */

const ms = z.number().finite().min(0).max(1e9); // media time, up to ~11 days
const share = z.number().finite().min(0).max(1);
const count = z.number().int().min(0).max(100_000);
const bigCount = z.number().int().min(0).max(10_000_000);
const deg = z.number().finite().min(-360).max(360);
const grey = z.number().finite().min(0).max(255);
/** landmark-geometry measures as a share of face size; bounded generously for glitches */
const faceShare = z.number().finite().min(0).max(100);
/** per (period 2..10, phase) slot counts and sums of a long phase fold (signals/long-fold.ts) */
const foldSums = z.object({
  n: z.array(count).length(LONG_FOLD_SLOTS),
  s: z.array(z.number().finite().min(0).max(1e5)).length(LONG_FOLD_SLOTS),
  q: z.number().finite().min(0).max(1e6),
});

export const WINDOW_LIMITS = {
  maxWindowMs: 5000,
  maxHashes: 128,
  maxSeries: 128,
  maxEvents: 16,
  maxIdentity: 8,
} as const;

/** see lib/analysis/signals/face-swap-window.ts */
const ZWindowFaceTexture = z.object({
  n: count,
  inner: z.number().finite().min(0).max(1000),
  surround: z.number().finite().min(0).max(1000),
  seamNoise: z.number().finite().min(-100).max(100).nullable(),
  seamColour: z.number().finite().min(-1000).max(1000).nullable(),
  flicker: z.number().finite().min(0).max(100).nullable(),
  flickerY: z.number().finite().min(0).max(255).nullable(),
  faceW: z.number().finite().min(0).max(100_000),
});

/** [mean, std, min, max] in degrees */
const ZAxisStats = z.tuple([deg, z.number().finite().min(0).max(360), deg, deg]);

export const ZWindowSignals = z
  .object({
    v: z.literal(1),
    startMs: ms,
    endMs: ms,
    frames: count,
    /** measured analysed frames per second in this window */
    fps: z.number().finite().min(0).max(240),
    face: z.object({
      one: count,
      none: count,
      multi: count,
      maxCount: z.number().int().min(0).max(64),
      /** [offset ms into the window, from, to] */
      changes: z
        .array(z.tuple([ms, z.number().int().min(0).max(64), z.number().int().min(0).max(64)]))
        .max(WINDOW_LIMITS.maxEvents),
    }),
    pose: z.object({ n: count, yaw: ZAxisStats, pitch: ZAxisStats, roll: ZAxisStats }).nullable(),
    blink: z.object({
      eyesMs: ms,
      /** blink end times, ms offset into the window */
      events: z.array(ms).max(WINDOW_LIMITS.maxEvents),
    }),
    /** median adjacent-frame homography residual (share of face size); null without two faces in a row */
    jitter: faceShare.nullable(),
    planar: z.object({
      pairs: count,
      informative: count,
      planar: count,
      threeD: count,
      /** informative pairs whose surround moved with the face plane (absent in older windows) */
      locked: count.optional(),
      /**
       * informative pairs whose surround was judged on the margins of a face filling the frame, how
       * many of them were locked to the face plane, how many were 3D (absent in older windows)
       */
      marginJudged: count.optional(),
      marginLocked: count.optional(),
      margin3d: count.optional(),
      noise: faceShare,
      motion: faceShare,
    }),
    frozen: z.object({
      still: count,
      /** longest run of still frames touching this window (may start in an earlier window) */
      runMs: ms,
      runStartMs: ms,
    }),
    hashes: z.array(z.string().regex(/^[0-9a-f]{16}$/)).max(WINDOW_LIMITS.maxHashes),
    /** ms offsets into the window, aligned with `hashes` */
    hashT: z.array(ms).max(WINDOW_LIMITS.maxHashes),
    /** uniform series at `rateHz` from `t0`; empty arrays when the face was not tracked throughout */
    series: z.object({
      t0: ms,
      rateHz: z.number().finite().min(1).max(60),
      r: z.array(grey).max(WINDOW_LIMITS.maxSeries),
      g: z.array(grey).max(WINDOW_LIMITS.maxSeries),
      b: z.array(grey).max(WINDOW_LIMITS.maxSeries),
      /** jawOpen blendshape */
      jaw: z.array(share).max(WINDOW_LIMITS.maxSeries),
      /** inner-lip gap over face size (geometric mouth opening) */
      lips: z.array(share).max(WINDOW_LIMITS.maxSeries),
      audio: z.array(share).max(WINDOW_LIMITS.maxSeries).nullable(),
    }),
    antiSpoof: z.object({ n: count, mean: share, min: share }).nullable(),
    texture: z.object({ n: count, mean: share }).nullable(),
    /** 8x8 grey face thumbnails as 128 hex chars, aligned with `hashes` (absent on older windows) */
    thumbs: z
      .array(z.string().regex(/^[0-9a-f]{128}$/))
      .max(WINDOW_LIMITS.maxHashes)
      .optional(),
    /**
     * frame cadence (absent on older windows): frames compared with their predecessor, how many
     * repeated it, and a histogram of the gaps between repeats (frames 1..8, last bucket = 8 or more)
     */
    dup: z
      .object({
        compared: count,
        repeats: count,
        gaps: z.array(count).max(8),
        /** cadence by phase (signals/cadence.ts phaseFold): best period and its phase's median relative change */
        fold: z
          .object({
            period: z.number().int().min(2).max(8),
            ratio: z.number().finite().min(0).max(100),
          })
          .nullable()
          .optional(),
      })
      .optional(),
    /**
     * long phase fold (signals/long-fold.ts): per (period 2..10, phase) slot, the count and sum of
     * the adjacent changes relative to the window's median; q = their sum of squares. Absent before.
     */
    lfold: foldSums.nullable().optional(),
    /**
     * the same fold of the largest 24x24 scene-cell change between adjacent frames
     * (signals/long-fold.ts sceneMaxChange): a duplicated frame changes no cell beyond coding noise.
     * Absent in older windows.
     */
    sfold: foldSums.nullable().optional(),
    /**
     * medians over the window's frames of the change to the frame 1 s back: 8x8 face thumbnail
     * difference (grey levels) and landmark motion with the background's shift removed (share of
     * face size); null without enough frames. Absent in older windows.
     */
    lag: z.object({ n: count, diff: grey, motion: faceShare }).nullable().optional(),
    /**
     * whole-picture lag profile (signals/scene-loop.ts): the lag (ms) whose frames differ least from
     * this window's (24x24 scene thumbnail, root-mean-square grey difference `d`), the median over all
     * lags 0.6–6 s (`med`), the lags 200–400 ms either side (`loc`), frames compared (`n`). Absent
     * in older windows.
     */
    sloop: z
      .object({
        lag: z.number().int().min(0).max(60_000),
        d: grey,
        med: grey,
        loc: grey.nullable(),
        n: count,
      })
      .nullable()
      .optional(),
    /**
     * display-grid peaks of the window's cheek samples (signals/display-grid.ts): log10 peak ratio
     * `p` and its frequency `f` = [fx, fy] in cycles per pixel, per sample; absent in older windows
     */
    grid: z
      .object({
        p: z.array(z.number().finite().min(-10).max(20)).max(64),
        f: z.array(z.tuple([z.number().min(-1).max(1), z.number().min(-1).max(1)])).max(64),
      })
      .refine((g) => g.p.length === g.f.length, { message: 'grid p and f must align' })
      .nullable()
      .optional(),
    /** face-hull texture summary (seam, resolution, flicker); absent in windows stored before it */
    faceTex: ZWindowFaceTexture.nullable().optional(),
    /** landmark-geometry identity proxy over near-frontal frames; absent in older windows */
    geom: z
      .object({ n: count, ratios: z.array(z.number().finite().min(0).max(100)).max(16) })
      .nullable()
      .optional(),
    /** face identity descriptors (128-d) on good frontal frames, dt = ms offset into the window */
    identity: z
      .array(z.object({ dt: ms, e: z.array(z.number().finite().min(-2).max(2)).length(128) }))
      .max(WINDOW_LIMITS.maxIdentity)
      .optional(),
  })
  .superRefine((w, ctx) => {
    const span = w.endMs - w.startMs;
    if (span <= 0 || span > WINDOW_LIMITS.maxWindowMs)
      ctx.addIssue({ code: 'custom', message: 'window span out of range', path: ['endMs'] });
    if (w.hashT.length !== w.hashes.length)
      ctx.addIssue({ code: 'custom', message: 'hashT must align with hashes', path: ['hashT'] });
    if (w.thumbs && w.thumbs.length !== w.hashes.length)
      ctx.addIssue({ code: 'custom', message: 'thumbs must align with hashes', path: ['thumbs'] });
    const s = w.series;
    const lengths = [s.r.length, s.g.length, s.b.length, s.jaw.length, s.lips.length];
    if (lengths.some((n) => n !== lengths[0]))
      ctx.addIssue({
        code: 'custom',
        message: 'series arrays must have equal length',
        path: ['series'],
      });
  });
export type TWindowSignals = z.infer<typeof ZWindowSignals>;

export const ZWindowBatch = z.array(ZWindowSignals).max(600);

export const SIGNAL_NAMES = [
  'presence',
  'pose',
  'blink',
  'jitter',
  'planar',
  'frozen',
  'loop',
  'antiSpoof',
  'texture',
  'rppg',
  'lipSync',
  'challenge',
  'cadence',
  'cadenceFold',
  'seam',
  'resolution',
  'flicker',
  'geometry',
  'identity',
  'displayGrid',
] as const;
export const ZSignalName = z.enum(SIGNAL_NAMES);
export type TSignalName = z.infer<typeof ZSignalName>;

export const CHALLENGE_KINDS = [
  'profile_left',
  'profile_right',
  'look_up',
  'look_down',
  'blink_twice',
  'smile',
  'hand_occlusion',
  'read_phrase',
  'flash',
] as const;

export const ZChallengeSummary = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(CHALLENGE_KINDS),
  /** fail = answered but the face broke (swap dropout, identity change, no reflection);
   *  no_response = not performed in time */
  outcome: z.enum(['pass', 'fail', 'no_response', 'inconclusive']),
  startMs: ms,
  endMs: ms,
  detail: z.string().max(200).optional(),
});
export type TChallengeSummary = z.infer<typeof ZChallengeSummary>;

export const ZVerdictReason = z.object({
  code: z.string().min(1).max(48),
  signal: ZSignalName,
  text: z.string().min(1).max(300),
  /** signed score points this reason moved the verdict (negative = towards spoof) */
  impact: z.number().finite().min(-100).max(100),
  /** true when a hard rule fired (FAIL regardless of the score); same as severity === 'hard' */
  hard: z.boolean(),
  /** hard: FAIL regardless of the score; review: caps the verdict at REVIEW; soft: evidence only */
  severity: z.enum(['hard', 'review', 'soft']),
  /** hard/review rules: the score this rule holds the verdict at or below (null for soft evidence) */
  cap: z.number().int().min(0).max(100).nullable().optional(),
  startMs: ms,
  endMs: ms,
});
export type TVerdictReason = z.infer<typeof ZVerdictReason>;

export const ZVerdictLabel = z.enum(['PASS', 'REVIEW', 'FAIL', 'INCONCLUSIVE']);
export type TVerdictLabel = z.infer<typeof ZVerdictLabel>;

export const ZVerdictResult = z.object({
  score: z.number().int().min(0).max(100),
  label: ZVerdictLabel,
  reasons: z.array(ZVerdictReason).max(64),
  configVersion: z.string().min(1).max(32),
  usableFrames: bigCount,
  durationMs: ms,
});
export type TVerdictResult = z.infer<typeof ZVerdictResult>;

export const ZSignalSummary = z.object({
  signal: ZSignalName,
  value: z.number().finite().nullable(),
  /** 0..1 */
  confidence: share,
  /** frames (or samples) the value rests on */
  frames: bigCount,
  informative: z.boolean(),
  note: z.string().max(300),
});
export type TSignalSummary = z.infer<typeof ZSignalSummary>;
