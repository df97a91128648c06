/**
 * Every threshold and weight used by the signal functions and the fusion, in one versioned place.
 * A verdict stores `version`, so a stored verdict can always be traced to the numbers that made it.
 * Bump the version whenever any number here changes.
 *
 * Units: ms for time, degrees for angles, "face" = a fraction of the face size
 * (sqrt of the landmark bounding-box area), grey levels 0..255 for pixel differences.
 * Thresholds are physically motivated, not tuned to particular clips; each block says where the
 * signal stops working.
 */
export const FUSION_CONFIG = {
  // .2: replay runs keep one constant offset; .3: texture weight 0; 11-30.2: held-frame freeze,
  // thumbnail-confirmed loops, frame cadence, constant lip-sync offset, face-swap signals, identity,
  // PASS needs 10 s of face and a 3D test, hard/review rules report caps
  // 12-01.1-temporal: cadence by phase (re-encoded duplicates of a re-timed replay)
  // 12-01.2-scene: held-frame landmark motion measured against the background shift (scene thumbnail)
  // 12-01.3-planar: planar pairs also judged on face–surround rigidity (scene thumbnail)
  // 12-01.3-temporal: long phase fold of re-timed replays over the session (cadenceFold); no sign of
  // life (a blink-free stretch whose 1-s-lag change stays at the coding-noise level) is REVIEW
  // 12-01.4-merged: both of the above together (session 6)
  // 12-01.5-temporal: cut loops also found on the whole picture (scene-thumbnail lag profile)
  // 12-01.5-planar: a face filling the frame is judged on its margins (hair, neck, collar); a session
  // whose margins moved with the face plane in most pairs credits them no 3D (soft evidence only)
  // 12-01.6-merged: both of the above together (session 7)
  // 12-01.7-retimed: a second long phase fold of the largest scene-cell change (re-timed replays at
  // CRF 30–35 whose face moves little per frame)
  // 12-01.7-screen: display grid (isolated spectral peaks in native-resolution cheek patches: a
  // filmed screen's pixel grid or its moiré), review evidence only (session 8)
  // 12-01.8-merged: both of the above (session 8, integrator)
  // 12-01.9-retimed: a long fold whose profile is one peak phase above a flat rest is frames
  // dropped on a fixed schedule (a down-converted genuine stream), not repeated: no re-timed finding
  // 12-01.9-grid: display grid also on faces 48–95 px (a 32 x 32 cheek patch) and, in live rooms,
  // read from the unscaled frame (session 9); no threshold changed
  // 12-01.9-merged: both of the above (session 9, integrator)
  // 12-01.10-flat: a planar session whose moving pairs are mostly flat (≥ 25 %, ≥ 1.25x the 3D
  // share) is REVIEW (a screen of a live head held in a hand)
  // 12-02.11-challenges: a passed challenge is credited by how rarely footage that never answered
  // it passes it (challenges.chancePass); read-aloud no longer fails on a weak mouth–voice
  // correlation; the hand's arrival counts only new cells joined to the face's outline (session 11)
  // 12-02.12-loop-gaps: a face-hash loop run ends at a stretch without samples over loop.maxStepMs
  // (two recorded answers on one session clock made a genuine calm talker a hard REPLAY_LOOP)
  // 12-02.12-hand-sway: the hand's arrival discounts cells explained by the face's own move (a
  // swaying talker's head and shirt edges); the hand's chancePass re-read 0.30 → 0.20 (session 12)
  version: '2026-12-02.12-hand-sway',

  /** Uniform grid of the per-window series (skin RGB, jawOpen, audio RMS). */
  seriesRateHz: 15,
  /** Cap on face hashes kept per window (loop detection); extra frames are subsampled evenly. */
  maxHashesPerWindow: 30,

  presence: {
    /** Debounce: a new face count must persist this many frames to count as a change. */
    countChangeMinFrames: 3,
    /** Share of frames without a face above which the reviewer should look. */
    noFaceReviewShare: 0.2,
    /** Share of frames with more than one face above which another person is reported. */
    multiFaceReviewShare: 0.05,
  },

  pose: {
    /** Frames with |yaw| above this are not used for eye and anti-spoof measurements. */
    frontalYawDeg: 30,
    /** Eyes are judged only when the head is within this yaw. */
    eyesVisibleYawDeg: 45,
    /** A live head over 30 s virtually always moves more than this (std, degrees). */
    stillPoseStdDeg: 0.6,
    stillPoseMinMs: 30_000,
  },

  blink: {
    /** Hysteresis on mean(eyeBlinkLeft, eyeBlinkRight): close above, reopen below. */
    closeAbove: 0.5,
    openBelow: 0.3,
    /** Adaptive close threshold: baseline + this, never under minCloseAbove (see blinks.ts). */
    closeAboveBaseline: 0.22,
    minCloseAbove: 0.3,
    /** Per-frame rate of the open-eye baseline's running mean. */
    baselineRate: 0.05,
    /** Closures longer than this are "eyes closed", not blinks. */
    maxBlinkMs: 1000,
    /** People blink ~10–25/min in conversation; under 15 s of open eyes nothing can be said. */
    minObservedMs: 15_000,
    /** A stretch without a blink starts to count against liveness at this length, full weight at 2x. */
    noBlinkSuspectMs: 30_000,
  },

  planar: {
    /** Frame pairs used for the homography test are this far apart. */
    pairMinMs: 300,
    pairMaxMs: 1000,
    pairTargetMs: 500,
    /** Evaluate a pair every Nth frame (cost control; pairs overlap anyway). */
    pairStride: 2,
    /**
     * Pair is informative when RMS landmark displacement exceeds both of these. The noise ratio is
     * physical: a head rotating enough to move its landmarks by m shows a parallax residual of about
     * 0.15 m (3D face model), so m must reach ~10x the noise before that parallax clears the noise.
     */
    minMotionFace: 0.02,
    minMotionNoiseRatio: 10,
    /** Planar pair: residual <= planarNoiseRatio x noise floor + planarMotionShare x motion (capped). */
    planarNoiseRatio: 1.3,
    planarMotionShare: 0.025,
    planarMaxFace: 0.015,
    /** 3D pair: residual >= parallaxNoiseRatio x noise floor + parallaxMotionShare x motion. */
    parallaxNoiseRatio: 1.5,
    parallaxMotionShare: 0.06,
    /** Noise floor never assumed below this (sub-pixel landmark quantisation). */
    noiseFloorFace: 0.002,
    /** Hard FAIL: at least this much informative pair time, this share of it planar, few 3D pairs. */
    hardMinInformativeMs: 1500,
    hardPlanarShare: 0.8,
    hardMax3dShare: 0.1,
    /**
     * Hard FAIL also for a run of this much moving time with planar-dominant windows and no 3D window
     * (a photo swapped in mid-call); long enough that a live head would have turned or spoken.
     */
    hardRunMs: 8000,
    /** Soft evidence starts at this planar share. */
    softPlanarShare: 0.5,
    /**
     * REVIEW when the face moved like a flat picture more often than like a head: planar share ≥
     * reviewFlatOver3d × the 3D share and ≥ reviewFlatMinShare, over ≥ reviewMinPairs moving pairs
     * (a screen replaying a live head, wobbling in a hand: the hand's plane motion dominates many
     * pairs). Set on the tune half: genuine ≤ 0.74 (29 % flat vs 39 % 3D), screen replays of video
     * 0.35–2.1.
     */
    reviewFlatMinShare: 0.25,
    reviewFlatOver3d: 1.25,
    reviewMinPairs: 40,
  },

  /**
   * Face–surround rigidity (signals/surround.ts), judged on the same frame pairs as the planar test:
   * the scene-thumbnail cells just outside the head either follow the face's plane motion (a held
   * picture) or stay put (a head moving in its room).
   */
  surround: {
    /** Surround = background cells within this many face widths/heights of the face box. */
    reach: 0.8,
    /** Fewer compared cells than this: no verdict for the pair. */
    minCells: 12,
    /** The face plane must move the surround by at least this much (cells of the 24×24 grid). */
    minShiftCells: 0.3,
    /** Both explanations under this grey-level error: nothing moved visibly (textureless). */
    minErrorGrey: 1.0,
    /** Locked when eFace <= lockedRatio × eStatic: the face plane explains the surround better. */
    lockedRatio: 0.8,
    /**
     * Face filling the frame (fewer than minCells background cells): the pair is judged on the margin
     * cells outside the face box itself (hair, ears, neck, collar). These partly move with a live
     * head, so locking needs a clearer margin: on the tune half, photos' margin eFace/eStatic median
     * 0.20–0.52 per clip, genuine heads (cropped to fill the frame as the photos do) see
     * docs/planar-signals.md.
     */
    marginLockedRatio: 0.6,
    /**
     * Session rule for a face filling the frame: when at least marginMinPairs moving pairs were
     * judged on the margins and this share of them was locked, the margins moved as one picture with
     * the face, and 3D pairs judged on the margins earn no 3D credit (they count as ambiguous).
     */
    marginMinPairs: 20,
    marginRigidShare: 0.65,
    /** Free when eStatic <= freeRatio × eFace: the surround stayed put while the face moved. */
    freeRatio: 0.6,
  },

  jitter: {
    /** Median adjacent-frame residual above this share of the face: landmarks jump (face-swap tell). */
    highFace: 0.02,
  },

  frozen: {
    /** Face-crop grey diff (0..255) and landmark motion (face) both at or under these = still frame. */
    maxDiff: 0.35,
    maxMotionFace: 0.0015,
    /** A run of still frames counts as frozen from this length; hard FAIL from `hardRunMs`. */
    minRunMs: 1500,
    hardRunMs: 5000,
    /**
     * No sign of life (signals/lifeless.ts): a stretch of at least minMs of consecutive face windows
     * without a blink whose median change to the frame 1 s back stays at or under maxDiff (8x8
     * thumbnail, grey levels) and maxMotion (landmarks against the background, share of face size)
     * is REVIEW. Tune half: live faces' window medians 2.5–29 grey / 11–800 ‰ (clip medians
     * >= 4.5 / 21 ‰); a held frame re-encoded at a low H.264 bit rate 1.2–1.8 / 8–17 ‰.
     */
    lifeless: { minMs: 8000, maxDiff: 2.5, maxMotion: 0.02 },
  },

  /** Held frame under fresh noise (signals/held.ts): change flat in the lag, at the noise level. */
  held: {
    /** The frame is compared with the one this far back and with its neighbours' noise. */
    lagMs: 1000,
    /** A gap this long (or a frame without a face) restarts the comparison. */
    maxGapMs: 250,
    /** Thumbnail (8x8 grey) differences at or under this are exact duplicates, not noise samples. */
    dupDiff: 0.02,
    /** Adjacent-frame noise never assumed below these (grey levels; share of face size). */
    noiseFloorDiff: 0.05,
    noiseFloorMotion: 0.0005,
    /** Adjacent thumbnail change above this is motion or a cut, not noise. */
    maxNoiseDiff: 6,
    /** Held: lag difference <= flatRatio x adjacent noise + slack, for pixels and landmarks alike. */
    flatRatio: 1.5,
    slackDiff: 0.15,
    slackMotion: 0.001,
    /** Mean eyeBlink change between the two frames above this is a live eye (a blink). */
    maxBlinkChange: 0.15,
    /**
     * Background shift (signals/scene-shift.ts): at least this many scene cells outside the person,
     * and this much gradient energy (grey² per cell, weaker direction); else no compensation.
     */
    sceneMinCells: 24,
    sceneMinGradient: 4,
  },

  /** Frame cadence / re-timed replay (signals/cadence.ts): REVIEW evidence only. */
  cadence: {
    maxGapMs: 250,
    /** 8x8 thumbnail difference at or under this = the frame repeats its predecessor. */
    repeatDiff: 0.1,
    /** Re-encoded repeat: under this share of the last real change, with landmarks still. */
    nearRepeatShare: 0.2,
    repeatMotionFace: 0.0015,
    /** Repeats become evidence from this share of compared frames over this many 1-s windows. */
    minShare: 0.2,
    minWindows: 5,
    /**
     * Regular cadence (REVIEW): per-window repeat share varies by at most maxSpread (std) and this
     * share of the gaps between repeats are multiples of the most common gap (>= 2 frames).
     * Otherwise the repeats are soft evidence only.
     */
    maxSpread: 0.15,
    minOnLattice: 0.9,
    /**
     * Cadence by phase (re-encoded duplicates, signals/cadence.ts phaseFold): per window, adjacent
     * changes in blocks of 2..maxPeriod frames (at least minBlocks blocks); a window is "on a lattice"
     * when one phase's median change is at most lowRatio of its block's median. REVIEW when at least
     * minShare of at least minWindows measured windows are.
     */
    fold: { maxPeriod: 6, minBlocks: 6, lowRatio: 0.45, minShare: 0.5, minWindows: 5 },
    /**
     * Long phase fold over the session (signals/long-fold.ts, signal `cadenceFold`): adjacent change
     * = thumbnail difference × thumbWeight + landmark motion (share of face size) × motionWeight,
     * relative to its window's median, clamped. Informative from minSamples folded changes at an
     * analysed rate of at least minFps (consecutive frames of the stream); REVIEW when a period's
     * emptiest phase lies zReview standard errors under the mean and at most maxRatio of it.
     */
    longFold: {
      thumbWeight: 0.5,
      motionWeight: 100,
      clamp: 2,
      minSamples: 150,
      minFps: 12,
      zReview: 4.5,
      maxRatio: 0.85,
      /**
       * The second fold (`sfold`): the largest 24x24 scene-cell change of each adjacent pair, same
       * normalisation and clamp; REVIEW on the same chance bound (tune half: re-timed z 5.3–26,
       * genuine ≤ 3.8; docs/temporal-signals.md "Largest-cell fold").
       */
      scene: { zReview: 4.5, maxRatio: 0.85 },
      /**
       * Frames dropped, not repeated (signals/long-fold.ts isDroppedFrameProfile): at the flagged
       * period (p ≥ 4, or a divisor or multiple of it) one phase lies minExcess…maxExcess above the
       * mean of the others and those others are flat (none further than maxSpread from their mean,
       * and the peak's excess ≥ excessOverSpread × that spread). Tune half: docs/temporal-signals.md
       * "Dropped frames, not repeated ones".
       */
      dropped: { minExcess: 0.3, maxExcess: 1.0, maxSpread: 0.15, excessOverSpread: 2 },
    },
  },

  loop: {
    /** Two face hashes "match" at or under this Hamming distance (of 64). */
    matchBits: 5,
    /** Replayed segment: consecutive matches at a constant offset for at least this long. */
    minRunMs: 1000,
    hardRunMs: 1500,
    /** Offsets shorter than this are ordinary temporal similarity, not a replay. */
    minOffsetMs: 1000,
    /** Offset tolerance when chaining matches (frame timing jitter). */
    offsetToleranceMs: 120,
    /**
     * A run continues only to a sample at most this long after its last one: a stretch without
     * face samples (no face, a paused camera, the gap between two recorded answers on one session
     * clock) ends it, else chance matches either side of the gap made one "run" as long as the gap.
     * Live rooms sample at ≈ 3.5/s (landmark frames only), ≈ 2/s under load: one lost sample there
     * is a step of 0.6–1 s, which must not end a replay.
     */
    maxStepMs: 1000,
    /** A run counts only if its content changes (else it is a frozen/still face, handled elsewhere). */
    minContentBits: 10,
    /** Hash buckets larger than this are skipped: the hash is too common to be specific. */
    maxBucket: 64,
    /** Memory bound for live sessions: hash samples kept (~2 h at 25 fps). */
    maxSamples: 180_000,
    /**
     * A hash run is evidence only when its matched frames' 8x8 thumbnails differ by at most
     * ratio x the adjacent-sample difference on the same stretch + slack (grey levels); differences
     * at or under dupDiff are duplicated frames and do not measure noise.
     */
    confirm: { ratio: 1.2, slack: 0.4, dupDiff: 0.05 },
    /**
     * Cut loops on the whole picture (signals/scene-loop.ts): per window, each frame's 24x24 scene
     * thumbnail difference (RMS over the cells) to the frames scanFromMs..maxLagMs back, averaged
     * per binMs lag bin.
     * Loop-like window: the best bin (lag >= minLagMs) <= maxRatio x the median bin and
     * <= maxLocalRatio x the bins localMinMs..localMaxMs either side, and median - best >= minSpread
     * grey levels. minWindows consecutive loop-like windows (gaps <= maxGapMs) at one lag, or a
     * multiple of it (± lagToleranceMs), make a loop event. Tune half (local ratio per window): cut
     * and ping-pong loops 0.02–0.32 once a period has passed, genuine, freezes, photos and re-timed
     * replays >= 0.59.
     */
    scene: {
      binMs: 40,
      compareStepMs: 60,
      scanFromMs: 600,
      minLagMs: 1000,
      maxLagMs: 6000,
      minBins: 8,
      localMinMs: 200,
      localMaxMs: 400,
      maxRatio: 0.5,
      maxLocalRatio: 0.45,
      /** a window at the run's own period continues it up to this local ratio (hysteresis) */
      continueLocalRatio: 0.6,
      minSpread: 0.3,
      minWindows: 3,
      maxGapMs: 100,
      lagToleranceMs: 40,
    },
  },

  antiSpoof: {
    /** P(real) at or above: live evidence; at or below: spoof evidence. */
    liveAbove: 0.7,
    spoofBelow: 0.3,
    /** Samples for full confidence. */
    fullConfidenceSamples: 20,
    /** Hard FAIL: median P(real) on frontal frames at or below this, with enough samples and windows. */
    hardMedianBelow: 0.1,
    hardMinSamples: 10,
    hardMinWindows: 3,
  },

  texture: { liveAbove: 0.6, spoofBelow: 0.25, fullConfidenceSamples: 20 },

  rppg: {
    /** POS window (Wang et al. 2017). */
    posWindowMs: 1600,
    bandHz: [0.7, 3.0] as const,
    /** Spectral SNR as in de Haan & Jeanne 2013: +-0.1 Hz around f0 and 2*f0. */
    snrHalfWidthHz: 0.1,
    /** SNR (dB) at or above which a segment has a pulse. White noise gives about -4..-7 dB. */
    pulseSnrDb: 1.5,
    segmentMs: 10_000,
    segmentStepMs: 5_000,
    /** Measured frame rate below this makes a window unusable for rPPG. */
    minFps: 14,
    /** Share of segments with a pulse for "pulse present"; absence needs this many segments. */
    presentShare: 0.4,
    absenceMinSegments: 3,
  },

  lipSync: {
    maxLagMs: 500,
    segmentMs: 6000,
    segmentStepMs: 3000,
    /** Speech present: share of samples above 3x the envelope's noise floor and above absRms. */
    speechMinShare: 0.25,
    speechAbsRms: 0.01,
    /** Mouth must actually move: jawOpen std, or inner-lip gap std (share of face size). */
    minJawStd: 0.02,
    minLipStd: 0.006,
    /** Live speech: peak r at or above, lag inside the window (positive = audio after mouth). */
    goodCorr: 0.3,
    poorCorr: 0.1,
    goodLagMs: [-120, 250] as const,
    /**
     * A lag outside goodLagMs is a constant (device/container) offset when at least this many coupled
     * segments agree within this median spread; otherwise (drift, or too few segments) REVIEW.
     */
    offsetMinSegments: 3,
    offsetMaxSpreadMs: 80,
  },

  /**
   * Face-swap and synthetic-face tells (lib/analysis/assess-face-swap.ts). Noise = mean |Laplacian|
   * of grey in blocks; measured only on near-frontal faces (|yaw| <= 30, |pitch| <= 25, worker side).
   * They stop working on small faces, heavy compression (no camera noise left to compare), heavy
   * beauty filters / denoising (smooth the whole frame alike, so they read genuine), and for the
   * seam, on forehead fringes of hair and beards that cross the hull.
   */
  /**
   * Display grid (signals/display-grid.ts): isolated spectral peaks in native-resolution 64x64 cheek
   * patches. A peak ratio of 10 (log10 1.0) over the strongest bin 3 bins around it is ~10^-5 likely
   * per patch for a noise-like texture; see docs/planar-signals.md §7 for the tune-half measurement.
   * Where it stops working: a screen whose grid the camera cannot resolve or alias visibly (a
   * high-density screen seen whole, soft optics, a downscaling camera, heavy compression) shows no
   * peak; faces 48–95 px wide get a 32 x 32 patch (6 dB less margin, weaker near Nyquist); faces
   * under 48 px are not sampled.
   */
  displayGrid: {
    peakMin: 1.0,
    minSamples: 30,
    shareSoft: 0.15,
    shareReview: 0.35,
    fullConfidenceSamples: 60,
  },

  faceSwap: {
    /** Windows with at least one texture sample needed before any of them says anything. */
    minWindows: 4,
    /** Median face width (px) below this: too few inner blocks. */
    minFaceW: 90,
    /** Surround noise (grey levels) below this: compression has erased the camera noise. */
    minSurroundNoise: 0.8,
    /** Seam: per-window excess step (noise log-ratio units + chroma/colourUnit) across the hull. */
    seamColourUnit: 20,
    seamSuspect: 0.5,
    seamStrong: 0.9,
    /** Resolution: inner/surround noise ratio (+0.5 each) under these = inner face smoother. */
    resolutionSuspect: 0.6,
    resolutionStrong: 0.4,
    /** Flicker: median inner-face change beyond the surround's, noise (log) and luma (grey). */
    flickerSuspect: 0.3,
    flickerStrong: 0.5,
    flickerLumaUnit: 4,
    /** Review cap: this share of usable windows (and at least minWindows of them) over strong. */
    reviewShare: 0.6,
    /** Geometry proxy: near-frontal frames only; relative ratio change over the session median. */
    geometryMaxPoseDeg: 15,
    geometrySuspect: 0.06,
    geometryStrong: 0.1,
    /** Geometry review: a run of this many consecutive changed windows. */
    geometryRunWindows: 3,
  },

  /**
   * Face identity (dlib ResNet 128-d descriptor, lib/ml/identity.ts; measured in docs/identity.md).
   * Stops working: profile views, faces under ~28 px between the eyes, heavy blur, twins and close
   * relatives (the model cannot separate them), and a swap model that imitates the first face well.
   */
  identity: {
    /** Euclidean distance at or below which two descriptors are taken for the same person */
    matchDistance: 0.5,
    /** opening reference: the first N descriptors of the session (at least minReference) */
    referenceSamples: 5,
    minReference: 3,
    /** a change needs this many consecutive descriptors beyond matchDistance from the reference */
    changeMinSamples: 3,
    /** ...spanning at least this long (one descriptor per second at most) */
    changeMinMs: 2500,
    /** a short excursion (1..changeMinSamples-1 descriptors) counts only beyond this distance */
    flickerDistance: 0.7,
    /** hard: a change this long whose median distance is at least hardDistance */
    hardMinSamples: 10,
    hardDistance: 0.75,
    /** cross-interview template: exemplars kept, and descriptors needed before one is stored */
    templateExemplars: 5,
    templateMinSamples: 3,
  },

  /**
   * Challenge answers in fusion (assess-models.ts assessChallenges). A challenge is worth what
   * footage that never answered it fails to fake: a pass is credited passCredit x (1 − chancePass),
   * where chancePass is the share of never-asked answer windows that pass anyway (`npm run
   * eval:challenges` on the tune half's feature dumps — genuine talkers, face swaps and animated
   * portraits pooled, 36–39 windows each, 12 for read_phrase; docs/challenges.md "What a pass is
   * worth"). Talkers blink in pairs and smile while they talk, a talking face changes its crop and
   * moves hands and hair beside it, and any talking replay "reads aloud" with its own voice; a
   * profile or a look up/down needs a turn the footage rarely makes by itself. flash is not
   * measurable on never-asked footage (the colours are drawn at issue time; a feed that was not
   * lit by them cannot follow them): 0. A fail or a missing answer counts in full, whatever the
   * kind. Where it stops working: the rates come from talking-head footage; a candidate who sits
   * still and silent makes chance passes rarer than this, an expressive one commoner.
   */
  challenges: {
    passCredit: 0.6,
    chancePass: {
      profile_left: 0,
      profile_right: 0,
      look_up: 0.1,
      look_down: 0.05,
      blink_twice: 0.5,
      smile: 0.35,
      hand_occlusion: 0.2,
      read_phrase: 0.65,
      flash: 0,
    },
  },

  fusion: {
    /**
     * score = 50 + pointsPerUnit x (prior + sum of weight x confidence x evidence), clamped 0..100.
     * Linear so that every reason's impact is exactly its points. The prior (72 with no evidence)
     * says most candidates are live; PASS still needs informative evidence (minPassEvidence).
     */
    prior: 2.2,
    pointsPerUnit: 10,
    /** Informative evidence mass (sum of weight x confidence) a PASS must rest on. */
    minPassEvidence: 1.5,
    /**
     * No PASS before the evidence a PASS needs: this much face on camera (a replayed clip shorter
     * than ~8.5 s has repeated by then and the loop test, which needs a 1 s offset plus a 1.5 s run,
     * has had its chance; it also covers the frozen rule's 5 s) and an informative planar (3D-shape)
     * test. 5 s was tried (2026-11-30.2): under load a photo attack then showed PASS in a live room.
     */
    minPassFaceMs: 10_000,
    weights: {
      presence: 1.0,
      pose: 0.4,
      blink: 0.8,
      jitter: 0.4,
      planar: 3.0,
      frozen: 2.0,
      loop: 3.0,
      antiSpoof: 1.5,
      // Meso4 (2018) read genuine webcam clips as less real (0.31–0.48) than print/replay attacks
      // (0.73–0.99): outside its training domain it is not evidence. Measured and shown, not fused.
      texture: 0,
      rppg: 0.8,
      lipSync: 1.0,
      challenge: 2.5,
      cadence: 0.8,
      cadenceFold: 0.8,
      seam: 1.0,
      resolution: 1.0,
      flicker: 0.6,
      geometry: 0.5,
      // identity is about who, not whether live: a change costs points only through its reason
      identity: 1.0,
      // display grid: spoof evidence only, at most REVIEW (signals/display-grid.ts)
      displayGrid: 1.5,
    },
    passAtOrAbove: 70,
    failBelow: 40,
    /** Score ceiling when a hard rule fires. */
    hardFailMaxScore: 15,
    /** INCONCLUSIVE below either (unless a hard rule fires). */
    minUsableFrames: 20,
    minUsableMs: 2000,
  },
} as const;

export type FusionConfig = typeof FUSION_CONFIG;
