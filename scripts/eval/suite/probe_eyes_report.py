"""Read-only summaries of probe_eyes.py's per-frame dumps (docs/swap-eyes-probe-2026-12-01.md).

  probe_eyes_report.py pairs DUMP      genuine clip vs its face-swap twins (same target frames)
  probe_eyes_report.py vor DUMP        3-s windows (1.5-s step) with head-yaw range >= 0.09: corr/slope of
                                       the conjugate iris position u on yaw; "held" = corr <= -0.7 and
                                       slope <= -0.2 (the eyes counter-rotate: gaze held while the head turns)
  probe_eyes_report.py blinks DUMP     iris v (across the eye axis) at closed-lid frames, and blendshape blinks
  probe_eyes_report.py auc TSV...      per-measure AUC genuine vs swaps from probe_eyes / probe_iris_dark rows
  probe_eyes_report.py contour DIR     probe_iris_dark.py dumps (DARK_DUMP): each eye's image iris position u
                                       regressed on its own contour shape (first K=4 principal components of
                                       the 16 contour points in the eye frame, per clip); a painted iris is
                                       fixed between the lid and corner points, so its residual should sit
                                       at the noise; a live iris keeps what the lids do not explain
"""
from __future__ import annotations

import csv
import glob
import json
import os
import sys

import numpy as np


def load(f):
    d = json.load(open(f))
    return d['fps'], d['rows']


def opened(r):
    return r and min(r['lidR'], r['lidL']) > 0.12


def pairs(D):
    for g in sorted(glob.glob(D + '/genuine__*')):
        src = os.path.basename(g)[len('genuine__'):].replace('__s0.mp4.json', '')
        _, G = load(g)
        for cls in ('faceswap', 'faceswap_lowres'):
            fs = glob.glob(f'{D}/{cls}__{src}__from_*')
            if not fs:
                continue
            _, S = load(fs[0])
            idx = [i for i in range(min(len(G), len(S))) if opened(G[i]) and opened(S[i])]
            ug = np.array([(G[i]['uR'] + G[i]['uL']) / 2 for i in idx])
            us = np.array([(S[i]['uR'] + S[i]['uL']) / 2 for i in idx])
            yaw = np.array([G[i]['yaw'] for i in idx])
            print(f'{src[:40]:40s} {cls:15s} n={len(idx)} corr(ug,us)={np.corrcoef(ug, us)[0, 1]:+.2f} '
                  f'sd g/s={ug.std():.4f}/{us.std():.4f} corr(ug,yaw)={np.corrcoef(ug, yaw)[0, 1]:+.2f} '
                  f'corr(us,yaw)={np.corrcoef(us, yaw)[0, 1]:+.2f}')


def vor(D, W=3.0, minyaw=0.09):
    for f in sorted(glob.glob(D + '/*.json'), key=lambda f: os.path.basename(f).split('__', 1)[1]):
        fps, R = load(f)
        t = np.arange(len(R)) / fps
        ok = [i for i, r in enumerate(R) if opened(r)]
        if not ok:
            continue
        tt = t[ok]
        u = np.array([(R[i]['uR'] + R[i]['uL']) / 2 for i in ok])
        y = np.array([R[i]['yaw'] for i in ok])
        out, nmov, nheld, s = [], 0, 0, 0.0
        while s + W <= t[-1] + 1e-6:
            m = (tt >= s) & (tt < s + W)
            if m.sum() >= 0.6 * W * fps:
                yr = np.percentile(y[m], 95) - np.percentile(y[m], 5)
                if yr >= minyaw:
                    nmov += 1
                    c = np.corrcoef(u[m], y[m])[0, 1]
                    sl = np.polyfit(y[m], u[m], 1)[0]
                    held = c <= -0.7 and sl <= -0.2
                    nheld += held
                    out.append(f'{c:+.2f}/{sl:+.2f}/{yr:.2f}{"*" if held else ""}')
            s += W / 2
        print(f'{os.path.basename(f)[:60]:60s} moving={nmov:2d} held={nheld:2d}  ' + ' '.join(out))


def blinks(D):
    for f in sorted(glob.glob(D + '/*.json'), key=lambda f: os.path.basename(f).split('__', 1)[1]):
        fps, R = load(f)
        idx = [i for i, r in enumerate(R) if r]
        lid = np.array([(R[i]['lidR'] + R[i]['lidL']) / 2 for i in idx])
        v = np.array([(R[i]['vR'] + R[i]['vL']) / 2 for i in idx])
        closed = lid < 0.6 * np.median(lid)
        nb = int(np.sum(np.diff(closed.astype(int)) == 1))
        dv = np.median(v[closed]) - np.median(v[~closed]) if closed.any() else float('nan')
        n, st = 0, False  # blendshape blinks, hysteresis 0.35 / 0.2
        for i in idx:
            x = R[i]['blink']
            if not st and x > 0.35:
                st = True
            elif st and x < 0.2:
                st, n = False, n + 1
        print(f'{os.path.basename(f)[:70]:70s} lidBlinks={nb:2d} bsBlinks={n:2d} '
              f'corr(v,lid)={np.corrcoef(v, lid)[0, 1]:+.2f} dv@closed={dv:+.4f}')


def auc(files):
    rows = sum((list(csv.DictReader(open(f), delimiter='\t')) for f in files), [])
    for col in [c for c in rows[0] if c not in ('class', 'clip', 'n', 'fps')]:
        try:
            g = [float(r[col]) for r in rows if r['class'] == 'genuine']
            s = [float(r[col]) for r in rows if r['class'] != 'genuine']
        except ValueError:
            continue
        a = np.mean([1.0 if x > z else 0.5 if x == z else 0.0 for x in g for z in s])
        print(f'{col:10s} AUC={a:.2f}  genuine {min(g):.4f}..{max(g):.4f}  swaps {min(s):.4f}..{max(s):.4f}')


def contour(D, K=4):
    for f in sorted(glob.glob(D + '/*.npy'), key=lambda f: os.path.basename(f).split('__', 1)[1]):
        a = np.load(f)
        res = []
        for e in range(2):
            u = a[:, 7 + e]
            sh = a[:, 9 + 32 * e: 9 + 32 * (e + 1)]
            ok = np.isfinite(u)
            u, sh = u[ok], sh[ok]
            if len(u) < 30:
                continue
            x = sh - sh.mean(0)
            _, _, vt = np.linalg.svd(x, full_matrices=False)
            A = np.c_[x @ vt[:K].T, np.ones(len(u))]
            c, *_ = np.linalg.lstsq(A, u, rcond=None)
            r = u - A @ c
            noise = np.median(np.abs(r[1:-1] - (r[:-2] + r[2:]) / 2))
            res.append((u.std(), r.std(), noise))
        if not res:
            continue
        raw, rr, nz = np.mean(res, 0)
        print(f'{os.path.basename(f)[:62]:62s} raw={raw:.4f} resid={rr:.4f} explained={1 - (rr / raw) ** 2:.2f} '
              f'noise={nz:.4f} resid/noise={rr / (nz + 1e-4):.1f}')


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    {'pairs': lambda: pairs(args[0]), 'vor': lambda: vor(args[0]), 'blinks': lambda: blinks(args[0]),
     'auc': lambda: auc(args), 'contour': lambda: contour(args[0])}[cmd]()
