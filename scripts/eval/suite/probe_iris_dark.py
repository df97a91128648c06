"""Probe (issue 9, session 7): eye-in-head motion measured from the pixels, not MediaPipe's iris points.

MediaPipe's iris landmarks at 12-30 px eye widths follow the head pose and the lid landmarks as much
as the picture (probe_eyes.py: a painted donor iris "moves" as much as a live one). Here the iris is
located from the image itself: inside each eye's contour polygon (16 MediaPipe points), upsampled
x4, the centroid of the darkest 30 % of pixels (weight = p30 - luma); its position along the
corner-to-corner axis in eye widths (u) and across it (v). A piecewise-affine warp of a still donor
keeps the painted iris at fixed barycentric coordinates between the lid and corner points, so u
stays put; a live iris moves under the lids.

Per clip (open-eye frames, lid > 0.12): uSd (robust), noise (median second difference), uSd/noise,
corr/slope on the yaw proxy, 3-s windows with yaw range >= 0.09 where corr <= -0.7 and slope <= -0.2.

Usage: .data/eval-venv/bin/python scripts/eval/suite/probe_iris_dark.py DIR [DIR ...] > out.tsv (read-only)
With DARK_DUMP=folder it also saves each clip's open-eye rows (t, yaw, u, v, lid, eye px, face px, u of each
eye, each eye's 16 contour points in its own frame) as .npy for probe_eyes_report.py contour.
"""
from __future__ import annotations

import glob
import os
import sys

import cv2
import numpy as np

from probe_frames import clip_fps, faced_frames

EYE_R = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246]
EYE_L = [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466]
UP = 4


def dark_centroid(g, poly):
    x0, y0 = np.floor(poly.min(0)).astype(int) - 1
    x1, y1 = np.ceil(poly.max(0)).astype(int) + 2
    h, w = g.shape
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 3 or y1 - y0 < 2:
        return None
    crop = cv2.resize(g[y0:y1, x0:x1], ((x1 - x0) * UP, (y1 - y0) * UP), interpolation=cv2.INTER_CUBIC)
    m = np.zeros(crop.shape, np.uint8)
    cv2.fillPoly(m, [np.int32(np.round((poly - [x0, y0]) * UP + (UP - 1) / 2))], 1)
    m = cv2.erode(m, np.ones((3, 3), np.uint8))
    vals = crop[m > 0]
    if vals.size < 10:
        return None
    thr = np.percentile(vals, 30)
    wgt = np.where(m > 0, np.clip(thr - crop, 0, None), 0)
    s = wgt.sum()
    if s <= 0:
        return None
    ys, xs = np.mgrid[0:crop.shape[0], 0:crop.shape[1]]
    cx, cy = (wgt * xs).sum() / s, (wgt * ys).sum() / s
    return np.float64([(cx - (UP - 1) / 2) / UP + x0, (cy - (UP - 1) / 2) / UP + y0])


def series(path):
    fps = clip_fps(path)
    out = []
    for t, fr, p in faced_frames(path):
        g = cv2.cvtColor(fr, cv2.COLOR_BGR2GRAY).astype(np.float32)
        us, vs, lids, wid, shapes = [], [], [], [], []
        for ids, o, i, up, lo, sign in ((EYE_R, 33, 133, 159, 145, 1), (EYE_L, 263, 362, 386, 374, -1)):
            c = dark_centroid(g, p[ids])
            ax = p[i] - p[o]
            wd = np.hypot(*ax)
            ex = ax / wd
            ey = np.float64([-ex[1], ex[0]])
            lids.append(np.hypot(*(p[up] - p[lo])) / wd)
            rel = p[ids] - (p[o] + p[i]) / 2
            shapes.append(np.c_[sign * (rel @ ex), sign * (rel @ ey)].ravel() / wd)
            wid.append(wd)
            if c is None:
                us.append(np.nan); vs.append(np.nan)
                continue
            d = c - (p[o] + p[i]) / 2
            us.append(sign * (d @ ex) / wd)
            vs.append(sign * (d @ ey) / wd)
        face = float(np.hypot(*(p[454] - p[234])))
        yaw = float((p[1][0] - (p[234][0] + p[454][0]) / 2) / max(face, 1e-6))
        out.append((t, yaw, np.mean(us), np.mean(vs), min(lids), np.mean(wid), face, *us,
                    *shapes[0], *shapes[1]))
    return fps, np.float64(out)


def rsd(x):
    q75, q25 = np.percentile(x, [75, 25])
    return (q75 - q25) / 1.349


def main():
    print('\t'.join(['class', 'clip', 'n', 'eyePx', 'uSd', 'vSd', 'noise', 'snr', 'yawCorr', 'yawSlope',
                     'win', 'held']), flush=True)
    for d in sys.argv[1:]:
        for path in sorted(glob.glob(os.path.join(d, '*.mp4'))):
            fps, s = series(path)
            if len(s) < 10:
                continue
            s = s[(s[:, 4] > 0.12) & np.isfinite(s[:, 2])]
            if len(s) < 10:
                continue
            if os.environ.get('DARK_DUMP'):
                os.makedirs(os.environ['DARK_DUMP'], exist_ok=True)
                np.save(os.path.join(os.environ['DARK_DUMP'], os.path.basename(os.path.normpath(d)) + '__'
                                     + os.path.basename(path) + '.npy'), s)
            t, yaw, u, v, lid, ew, face = s[:, :7].T
            sec = [abs(u[i] - (u[i - 1] + u[i + 1]) / 2) for i in range(1, len(u) - 1)
                   if t[i] - t[i - 1] < 1.5 / fps and t[i + 1] - t[i] < 1.5 / fps]
            noise = float(np.median(sec)) if sec else np.nan
            nw = nh = 0
            st = 0.0
            while st + 3 <= t[-1] + 1e-6:
                m = (t >= st) & (t < st + 3)
                if m.sum() >= 0.6 * 3 * fps:
                    yr = np.percentile(yaw[m], 95) - np.percentile(yaw[m], 5)
                    if yr >= 0.09:
                        nw += 1
                        c = np.corrcoef(u[m], yaw[m])[0, 1]
                        sl = np.polyfit(yaw[m], u[m], 1)[0]
                        nh += int(c <= -0.7 and sl <= -0.2)
                st += 1.5
            row = [os.path.basename(os.path.normpath(d)), os.path.basename(path)[:55], str(len(s)),
                   f'{np.median(ew):.1f}', f'{rsd(u):.4f}', f'{rsd(v):.4f}', f'{noise:.4f}',
                   f'{rsd(u) / (noise + 1e-4):.1f}', f'{np.corrcoef(u, yaw)[0, 1]:+.2f}',
                   f'{np.polyfit(yaw, u, 1)[0]:+.3f}', str(nw), str(nh)]
            print('\t'.join(row), flush=True)


if __name__ == '__main__':
    main()
