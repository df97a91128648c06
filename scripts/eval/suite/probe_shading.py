"""Probe (issue 9, session 7): does the shading on the nose follow the head's turn?

A face lit by anything but perfectly even light shades its two nose flanks differently, and the
difference changes when the head turns: the flank that turns towards the light (or the camera-side
light of a screen) brightens, the other darkens. A swap that warps one still donor picture onto the
talker carries the donor's shading fixed in face coordinates; global colour transfer rescales it and
the Poisson blend only carries the boundary's low-frequency offsets inwards (almost equal on the
two flanks, 1 cm apart in the middle of the face).

Every frame at native resolution: MediaPipe landmarks; patches (radius 4 % of face width) on each
nose flank (halfway between the nose tip 1 and the inner eye corner 133 / 362) and on each cheek
(205 / 425). asym = (right - left) / (right + left) of patch mean luma. Per clip: corr/slope of asym
on the head-yaw proxy, its spread, and 3-s windows (1.5-s step) with yaw range >= 0.09 where
|corr| >= 0.7 ("shading followed the turn").

Usage: .data/eval-venv/bin/python scripts/eval/suite/probe_shading.py DIR [DIR ...] > out.tsv (read-only)
"""
from __future__ import annotations

import glob
import os
import sys

import cv2
import numpy as np

from probe_frames import clip_fps, faced_frames


def patch(gray, c, r):
    h, w = gray.shape
    x0, x1 = int(max(0, c[0] - r)), int(min(w, c[0] + r + 1))
    y0, y1 = int(max(0, c[1] - r)), int(min(h, c[1] + r + 1))
    if x1 <= x0 or y1 <= y0:
        return np.nan
    return float(gray[y0:y1, x0:x1].mean())


def series(path):
    fps = clip_fps(path)
    out = []
    for t, fr, p in faced_frames(path):
        p = np.float32(p)
        g = cv2.cvtColor(fr, cv2.COLOR_BGR2GRAY).astype(np.float32)
        face = float(np.hypot(*(p[454] - p[234])))
        rad = max(1.0, 0.04 * face)
        yaw = float((p[1][0] - (p[234][0] + p[454][0]) / 2) / max(face, 1e-6))
        nR, nL = patch(g, (p[1] + p[133]) / 2, rad), patch(g, (p[1] + p[362]) / 2, rad)
        cR, cL = patch(g, p[205], rad), patch(g, p[425], rad)
        out.append((t, yaw, (nR - nL) / (nR + nL + 1e-6), (cR - cL) / (cR + cL + 1e-6), face))
    return fps, np.float64(out)


def windows(t, yaw, a, fps, W=3.0):
    n = f = 0
    s = 0.0
    while len(t) and s + W <= t[-1] + 1e-6:
        m = (t >= s) & (t < s + W)
        if m.sum() >= 0.6 * W * fps:
            yr = np.percentile(yaw[m], 95) - np.percentile(yaw[m], 5)
            if yr >= 0.09:
                n += 1
                if abs(np.corrcoef(a[m], yaw[m])[0, 1]) >= 0.7:
                    f += 1
        s += W / 2
    return n, f


def main():
    print('\t'.join(['class', 'clip', 'n', 'facePx', 'yawRange', 'noseCorr', 'noseSlope', 'noseSd', 'cheekCorr',
                     'cheekSlope', 'noseWin', 'noseFollow', 'cheekFollow']), flush=True)
    for d in sys.argv[1:]:
        for path in sorted(glob.glob(os.path.join(d, '*.mp4'))):
            fps, s = series(path)
            if len(s) < 10:
                continue
            t, yaw, na, ca, face = s.T
            ns = np.polyfit(yaw, na, 1)[0]
            cs = np.polyfit(yaw, ca, 1)[0]
            nw, nf = windows(t, yaw, na, fps)
            _, cf = windows(t, yaw, ca, fps)
            row = [os.path.basename(os.path.normpath(d)), os.path.basename(path)[:55], str(len(s)),
                   f'{np.median(face):.0f}', f'{np.percentile(yaw, 95) - np.percentile(yaw, 5):.3f}',
                   f'{np.corrcoef(na, yaw)[0, 1]:+.2f}', f'{ns:+.3f}', f'{np.std(na):.4f}',
                   f'{np.corrcoef(ca, yaw)[0, 1]:+.2f}', f'{cs:+.3f}', str(nw), str(nf), str(cf)]
            print('\t'.join(row), flush=True)


if __name__ == '__main__':
    main()
