"""Probe (issue 9): does the inner face's appearance, in face coordinates, change over time?

A live face seen by a camera changes in its own coordinates from moment to moment: fresh sensor
noise every frame, shading that follows the head's pose relative to the light, wrinkles and
highlights that move with expression. A swap that renders the inner face from a stored identity
image and warps it onto the talker's landmarks carries the same picture, re-warped, every frame.

For every sampled frame the face is mapped to a canonical 112 px frame by a least-squares affine
transform on all 478 MediaPipe landmarks (no triangulation, so the generator's own mesh is not
inverted), at the clip's native resolution (crop before any downscale). In a skin mask (face oval
minus eyes, brows and mouth, in canonical coordinates) it measures, per clip (median over pairs):

  fineNcc1  NCC of the fine band (image - 3x3 box) between consecutive samples (~fresh noise)
  midNcc1   NCC of the mid band (DoG sigma 1..4) between consecutive samples
  midNccL   NCC of the mid band between samples ~1 s apart
  shadeStd  temporal std of the z-scored low band (Gaussian sigma 6) over the clip, median pixel
  decay     midNccL / midNcc1 (how much of the short-lag similarity survives 1 s)
  upF1/upML, lowF1/lowML  fineNcc1 and midNccL on a ring just outside the oval, above the brows and
            below the chin (a genuine reference in the same frame)
  shapeL    RMS landmark difference between samples ~1 s apart after the affine fit (face widths)
  texPerShape  median over those pairs of (1 - midNcc) / (shape difference + 0.005): texture change
            per unit of shape change (a warped stored picture changes only through the warp)

Results and reading: docs/swap-probe-s5-2026-12-01.md (none separates swaps across sources).

Usage: .data/eval-venv/bin/python scripts/eval/suite/probe_face_frozen.py DIR [DIR ...] > out.tsv
Read-only; prints one tab-separated row per clip.
"""
from __future__ import annotations

import glob
import os
import sys

import cv2
import numpy as np

from faceswap import MOUTH, OVAL
from probe_frames import clip_fps, landmarked_frames

CANON = 112
STEP_S = 0.15  # the worker's texture sampling interval
LAG_S = 1.0
LEFT_EYE = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246]
RIGHT_EYE = [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466]
LEFT_BROW = [70, 63, 105, 66, 107, 55, 65, 52, 53, 46]
RIGHT_BROW = [300, 293, 334, 296, 336, 285, 295, 282, 283, 276]
LIPS_OUT = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185]


def detect(path: str):
    fps = clip_fps(path)
    step = max(1, round(STEP_S * fps))
    out = []
    for k, fr, p, _r in landmarked_frames(path, step=step):
        if p is None:
            out.append((k / fps, None, None))
        else:
            out.append((k / fps, cv2.cvtColor(fr, cv2.COLOR_BGR2GRAY).astype(np.float32), np.float32(p)))
    return out


def canonical_template(samples) -> np.ndarray:
    """Median landmark shape of the clip, normalised into the CANON frame (oval box, 10 % margin)."""
    pts = [p for _, g, p in samples if p is not None]
    ref = pts[len(pts) // 2]
    al = []
    for p in pts:
        m, _ = cv2.estimateAffinePartial2D(p, ref)
        al.append(p @ m[:, :2].T + m[:, 2])
    med = np.median(np.stack(al), axis=0)
    x0, y0 = med[OVAL].min(0)
    x1, y1 = med[OVAL].max(0)
    s = 0.8 * CANON / max(x1 - x0, y1 - y0)
    return np.float32((med - [(x0 + x1) / 2, (y0 + y1) / 2]) * s + CANON / 2)


def skin_mask(t: np.ndarray) -> np.ndarray:
    m = np.zeros((CANON, CANON), np.uint8)
    cv2.fillConvexPoly(m, cv2.convexHull(np.int32(np.round(t[OVAL]))), 255)
    m = cv2.erode(m, np.ones((7, 7), np.uint8))  # stay inside any blend ring
    for part in (LEFT_EYE, RIGHT_EYE, LEFT_BROW, RIGHT_BROW, LIPS_OUT, MOUTH):
        hull = cv2.convexHull(np.int32(np.round(t[part])))
        cv2.fillConvexPoly(m, hull, 0)
        cv2.polylines(m, [hull], True, 0, 7)
    return m > 0


def ring_masks(t: np.ndarray):
    """Bands just outside the oval (3..14 canonical px): above the brows, and below the chin."""
    inside = np.zeros((CANON, CANON), np.uint8)
    cv2.fillConvexPoly(inside, cv2.convexHull(np.int32(np.round(t[OVAL]))), 255)
    near = cv2.dilate(inside, np.ones((29, 29), np.uint8)) > 0
    gap = cv2.dilate(inside, np.ones((7, 7), np.uint8)) > 0
    ring = near & ~gap
    yy, xx = np.mgrid[0:CANON, 0:CANON]
    brow_y = min(t[LEFT_BROW][:, 1].min(), t[RIGHT_BROW][:, 1].min())
    x0, x1 = t[OVAL][:, 0].min(), t[OVAL][:, 0].max()
    w = x1 - x0
    up = ring & (yy < brow_y)
    low = ring & (yy > t[152][1] - 0.1 * w) & (xx > x0 + 0.25 * w) & (xx < x1 - 0.25 * w)
    return up, low


def ncc(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    d = np.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / d) if d > 0 else float('nan')


def measure(path: str):
    samples = detect(path)
    faces = [(t, g, p) for t, g, p in samples if p is not None]
    if len(faces) < 10:
        return None
    tmpl = canonical_template(faces)
    mask = skin_mask(tmpl)
    up, below = ring_masks(tmpl)
    faceW = float(np.median([np.ptp(p[OVAL][:, 0]) for _, _, p in faces]))
    fine, mid, low, times, shapes = [], [], [], [], []
    rings = {'up': ([], []), 'low': ([], [])}
    for t, g, p in faces:
        m, _ = cv2.estimateAffine2D(p, tmpl)
        if m is None:
            continue
        shapes.append(p @ m[:, :2].T + m[:, 2])
        c = cv2.warpAffine(g, m, (CANON, CANON), flags=cv2.INTER_AREA if faceW > CANON else cv2.INTER_LINEAR)
        fine.append((c - cv2.blur(c, (3, 3)))[mask])
        fb = c - cv2.blur(c, (3, 3))
        mb = cv2.GaussianBlur(c, (0, 0), 1) - cv2.GaussianBlur(c, (0, 0), 4)
        mid.append(mb[mask])
        for key, rm in (("up", up), ("low", below)):
            rings[key][0].append(fb[rm])
            rings[key][1].append(mb[rm])
        lo = cv2.GaussianBlur(c, (0, 0), 6)[mask]
        low.append((lo - lo.mean()) / (lo.std() + 1e-6))
        times.append(t)
    times = np.array(times)
    n = len(times)
    lag = max(1, int(round(LAG_S / STEP_S)))
    f1 = [ncc(fine[i], fine[i + 1]) for i in range(n - 1)]
    m1 = [ncc(mid[i], mid[i + 1]) for i in range(n - 1)]
    mL = [ncc(mid[i], mid[i + lag]) for i in range(n - lag)]
    shade = float(np.median(np.stack(low).std(0)))
    # texture change per unit of shape change: (1 - mid-band NCC) / RMS landmark residual (face widths)
    # between samples LAG_S apart; a warped stored picture changes its texture only through the warp
    unit = 0.8 * CANON
    dl = [float(np.sqrt(((shapes[i] - shapes[i + lag]) ** 2).sum(1).mean())) / unit for i in range(n - lag)]
    per = [(1 - mL[i]) / (dl[i] + 0.005) for i in range(n - lag)]
    r = {
        'n': n,
        'faceW': round(faceW),
        'fineNcc1': float(np.nanmedian(f1)),
        'midNcc1': float(np.nanmedian(m1)),
        'midNccL': float(np.nanmedian(mL)) if mL else float('nan'),
        'shadeStd': shade,
        'shapeL': float(np.median(dl)) if dl else float('nan'),
        'texPerShape': float(np.median(per)) if per else float('nan'),
    }
    r['decay'] = r['midNccL'] / r['midNcc1']
    for key in ('up', 'low'):
        rf, rmid = rings[key]
        ok = len(rf[0]) >= 50
        r[key + 'F1'] = float(np.nanmedian([ncc(rf[i], rf[i + 1]) for i in range(n - 1)])) if ok else float('nan')
        r[key + 'ML'] = float(np.nanmedian([ncc(rmid[i], rmid[i + lag]) for i in range(n - lag)])) if ok and n > lag else float('nan')
    return r


def main() -> None:
    cols = ['n', 'faceW', 'fineNcc1', 'midNcc1', 'midNccL', 'decay', 'shadeStd', 'upF1', 'upML', 'lowF1',
            'lowML', 'shapeL', 'texPerShape']
    print('\t'.join(['class', 'clip'] + cols))
    for d in sys.argv[1:]:
        for f in sorted(glob.glob(os.path.join(d, '*'))):
            r = measure(f)
            cls = os.path.basename(os.path.normpath(d))
            name = os.path.splitext(os.path.basename(f))[0][:44]
            if r is None:
                print(f'{cls}\t{name}\t' + '\t'.join(['nan'] * len(cols)), flush=True)
                continue
            print(f'{cls}\t{name}\t' + '\t'.join(
                f'{r[c]:.3f}' if isinstance(r[c], float) else str(r[c]) for c in cols), flush=True)


if __name__ == '__main__':
    main()
