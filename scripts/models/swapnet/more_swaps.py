"""swapnet: more training swaps from the TUNE half only (every ordered pair of tune sources, two donor
frames each, both kinds), made with the suite's own generator (scripts/eval/suite/faceswap.py
swap_frame) on the genuine tune clips' frames, JPEG-coded (quality 60-90, as the suite's H.264 pass
codes the swapped face) and cropped like crops.py. The suite's 8 swaps per kind each show ONE donor
face; a CNN trained on them sees 6-8 donor textures and can learn those instead of the swap.

Usage: python more_swaps.py LM_TUNE_GENUINE SUITE_TUNE_GENUINE OUT_DIR
(LM from extract.py; writes OUT_DIR/<target>__from_<donor>__<kind>.npz like crops.py)
"""
from __future__ import annotations

import os
import sys

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '../../eval/suite'))
from faceswap import SUBSET, swap_frame, triangles  # noqa: E402
from crops import anchors, crop  # noqa: E402

EVERY = 16  # every 16th landmark frame (every 48th video frame, ~7 per target): donors matter more than frames
RNG = np.random.default_rng(11)


def frames_at(path: str, want: set[int]) -> dict[int, np.ndarray]:
    cap = cv2.VideoCapture(path)
    out, k = {}, 0
    while len(out) < len(want):
        ok, fr = cap.read()
        if not ok:
            break
        if k in want:
            out[k] = fr
        k += 1
    return out


def frontal(p: np.ndarray) -> float:
    return abs(p[1][0] - (p[234][0] + p[454][0]) / 2) / max(1.0, abs(p[454][0] - p[234][0]))


def main() -> None:
    lm_dir, clip_dir, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    names = sorted(f[:-4] for f in os.listdir(lm_dir))
    lms = {n: np.load(os.path.join(lm_dir, n + '.npz')) for n in names}
    clips = {n: os.path.join(clip_dir, n + '.mp4') for n in names}
    # two donor frames per source: the most frontal, and a random other one
    donors = {}
    for n in names:
        z = lms[n]
        if len(z['idx']) < 5:
            continue
        order = np.argsort([frontal(p) for p in z['pts']])
        picks = [int(order[0]), int(RNG.choice(order[1:max(2, len(order) // 2)]))]
        fr = frames_at(clips[n], {int(z['idx'][i]) for i in picks})
        donors[n] = [(fr[int(z['idx'][i])], z['pts'][i]) for i in picks]
    for t in names:
        z = lms[t]
        sel = list(range(0, len(z['idx']), EVERY))
        tf = frames_at(clips[t], {int(z['idx'][i]) for i in sel})
        for d in names:
            if d == t or d not in donors:
                continue
            for kind in ('native', 'lowres'):
                out = os.path.join(outdir, f'{t}__from_{d}__{kind}.npz')
                if os.path.exists(out):
                    continue
                crops_, idx, eyed = [], [], []
                for j, i in enumerate(sel):
                    dframe, dpts = donors[d][j % 2]
                    tris = triangles(dpts[SUBSET])
                    k = int(z['idx'][i])
                    p = z['pts'][i]
                    sw = swap_frame(tf[k], p, dframe, dpts, tris, kind == 'lowres')
                    ok, buf = cv2.imencode('.jpg', sw, [cv2.IMWRITE_JPEG_QUALITY, int(RNG.integers(60, 91))])
                    sw = cv2.imdecode(buf, cv2.IMREAD_COLOR)
                    crops_.append(crop(cv2.cvtColor(sw, cv2.COLOR_BGR2RGB), p))
                    idx.append(k)
                    a = anchors(p)
                    eyed.append(float(np.linalg.norm(a[1] - a[0])))
                np.savez_compressed(out, crops=np.uint8(crops_).reshape(-1, 128, 128, 3), idx=np.int32(idx),
                                    eyed=np.float32(eyed))
                print(t, d, kind, len(idx), flush=True)


if __name__ == '__main__':
    main()
