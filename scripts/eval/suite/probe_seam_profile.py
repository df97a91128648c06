"""Probe (issue 9): the fine-noise profile across the face hull in the normal direction, at native
resolution. A blend ring mixes two images, so the fine band's energy should step somewhere inside
the hull on a swap while on a genuine face the skin's noise is continuous up to the face edge.

Per sampled frame (every 0.15 s), for forehead and chin/jaw points of the MediaPipe face oval, the
|pixel - 3x3 mean| image is sampled along the outward normal from -0.25 to +0.10 face widths (1 px
steps, averaged over +-3 px along the contour); the clip's profile is the median over frames of the
mean over points. Measures:

  step   largest |log E(d-6..d-1) - log E(d+1..d+6)| for d in [-INNER, -0.02] face widths (inside;
         INNER = $SEAM_INNER, default 0.18; 0.12 stops short of the brows and lips)
  stepAt where that step is (face widths, negative = inside)
  edge   the same step at the hull itself (d = 0), for reference
Usage: .data/eval-venv/bin/python scripts/eval/suite/probe_seam_profile.py DIR [DIR ...]
"""
from __future__ import annotations

import glob
import os
import sys

import cv2
import numpy as np

from faceswap import OVAL
from probe_face_frozen import detect

# inner end of the searched range (face widths); brows and lips start ~0.15 inside the oval
INNER = float(os.environ.get('SEAM_INNER', '0.18'))
TOP = [10, 338, 297, 109, 67]  # forehead
LOW = [152, 148, 176, 377, 400]  # chin


def profile(gray: np.ndarray, p: np.ndarray, faceW: float) -> np.ndarray | None:
    fine = np.abs(gray - cv2.blur(gray, (3, 3)))
    oval = p[OVAL]
    c = oval.mean(0)
    ds = np.arange(int(-0.25 * faceW), int(0.10 * faceW) + 1, dtype=np.float32)
    profs = []
    for idx in TOP + LOW:
        k = OVAL.index(idx)
        a, b = oval[(k - 1) % len(OVAL)], oval[(k + 1) % len(OVAL)]
        t = (b - a) / (np.linalg.norm(b - a) + 1e-6)
        n = np.float32([t[1], -t[0]])
        if np.dot(n, oval[k] - c) < 0:
            n = -n
        offs = np.arange(-3, 4, dtype=np.float32)
        xs = oval[k][0] + ds[None, :] * n[0] + offs[:, None] * t[0]
        ys = oval[k][1] + ds[None, :] * n[1] + offs[:, None] * t[1]
        if xs.min() < 1 or ys.min() < 1 or xs.max() > gray.shape[1] - 2 or ys.max() > gray.shape[0] - 2:
            continue
        v = cv2.remap(fine, xs.astype(np.float32), ys.astype(np.float32), cv2.INTER_LINEAR)
        profs.append(v.mean(0))
    if len(profs) < 4:
        return None
    return np.mean(profs, 0), ds / faceW


def measure(path: str):
    samples = detect(path)
    profs, rel = [], None
    for _, g, p in samples:
        if p is None:
            continue
        faceW = float(np.ptp(p[OVAL][:, 0]))
        if faceW < 72:
            continue
        r = profile(g, p, faceW)
        if r is None:
            continue
        pr, rl = r
        # resample to a fixed relative grid so frames of different face size combine
        grid = np.linspace(-0.25, 0.10, 141)
        profs.append(np.interp(grid, rl, pr))
        rel = grid
    if len(profs) < 10:
        return None
    E = np.median(np.stack(profs), 0) + 0.05
    best, at = 0.0, 0.0
    h = 6  # grid points each side (~0.015 face widths)
    for i in range(h, len(rel) - h):
        s = abs(np.log(E[i - h:i].mean()) - np.log(E[i + 1:i + 1 + h].mean()))
        if -INNER <= rel[i] <= -0.02 and s > best:
            best, at = s, rel[i]
    i0 = int(np.argmin(np.abs(rel)))
    edge = abs(np.log(E[i0 - h:i0].mean()) - np.log(E[i0 + 1:i0 + 1 + h].mean()))
    return {'n': len(profs), 'step': best, 'stepAt': at, 'edge': edge,
            'inside': float(E[(rel > -0.2) & (rel < -0.05)].mean())}


def main() -> None:
    cols = ['n', 'step', 'stepAt', 'edge', 'inside']
    print('\t'.join(['class', 'clip'] + cols))
    for d in sys.argv[1:]:
        for f in sorted(glob.glob(os.path.join(d, '*'))):
            r = measure(f)
            cls = os.path.basename(os.path.normpath(d))
            name = os.path.splitext(os.path.basename(f))[0][:44]
            vals = ['nan'] * len(cols) if r is None else [
                str(r[c]) if isinstance(r[c], int) else f'{r[c]:.3f}' for c in cols]
            print('\t'.join([cls, name] + vals), flush=True)


if __name__ == '__main__':
    main()
