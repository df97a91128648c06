"""Session 9 probe: a screen replay filmed by a 1280x720 camera, for the unscaled-frame path of the
display-grid sampler (a live frame wider than 640 px is scaled by the worker; the sampler reads its
cheek patch from the unscaled frame). Not a suite class: one clip and its genuine source, both at
the camera's 1280x720, for `npm run analyze -- --camera-width 1280`.

    .data/eval-venv/bin/python scripts/eval/suite/probe_wide_grid.py <genuine 1280x720 clip> <out dir>

`attacks.screen_grid` on the source read at up to 1280x720 (clipio's 640x480 limit lifted), with a
seed whose draw is a native sensor (no ISP downscale) and a pitch of 1.3–1.8 sensor px; writes
`<out>/genuine_1280.mp4` (the source segment) and `<out>/screen_grid_1280.mp4`, 8 s, H.264 CRF 23.
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

import clipio
from attacks import screen_grid

SECONDS = 8.0


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    clipio.MAX_W, clipio.MAX_H = 1280, 720
    clip = clipio.read_segment(src, 'wide', 0.0, SECONDS)
    for seed in range(1000):
        r = np.random.default_rng(seed)
        pitch = float(r.uniform(0.8, 2.6))
        r.uniform(0.35, 0.6), r.uniform(0.7, 0.9), r.uniform(0.75, 0.92), r.uniform(0.8, 1.25)
        r.uniform(0.85, 1.0)
        if int(r.integers(1, 3)) == 1 and 1.3 <= pitch <= 1.8:
            break
    frames, fps, params = screen_grid(clip, np.random.default_rng(seed), 'video', fps=25.0,
                                      total_s=SECONDS)
    clipio.write_clip(os.path.join(out, 'screen_grid_1280'), frames, fps)
    clipio.write_clip(os.path.join(out, 'genuine_1280'), clip.frames, clip.fps)
    print(json.dumps({'seed': seed, 'size': list(frames[0].shape[1::-1]), **params}))


if __name__ == '__main__':
    main()
