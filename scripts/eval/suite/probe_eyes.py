"""Probe (issue 9, session 7): do the eyes move in the head?

A live person's eyes move relative to the head all the time (saccades, fixation shifts, the
vestibulo-ocular counter-rotation while the head turns and the gaze stays on the screen), so the
iris moves relative to the eye corners. A face rendered from one still picture and warped onto the
talker's landmarks carries the donor's iris painted at one place in the eye: eye-in-head motion
stays at the landmark noise floor, whatever the head does.

Every frame at native clip resolution, MediaPipe FaceLandmarker (478 points incl. iris 468-477) and
its eyeLook* blendshapes. Per eye, the iris centre in the eye's own frame: u along the corner-to-corner
axis, v perpendicular, both in eye widths (corner distance). Conjugate gaze = mean of both eyes
(vergence = difference). Per clip (open-eye frames only, lid opening > 0.12 eye widths):

  facePx    median face-oval width (px);   eyePx median eye width (px)
  uSd/vSd   robust spread (IQR/1.349) of the conjugate u / v over the clip
  uRange    p95 - p5 of conjugate u
  noise     median |u(t) - (u(t-1)+u(t+1))/2| (frame-scale jitter, the landmark noise floor)
  snr       uSd / noise-like scale (uSd / (noise + 1e-4))
  jumpRate  saccade-like jumps per second: |u(t+k) - u(t)| > J with k spanning <= 100 ms, counted once
            per event (J = 0.04, 0.06, 0.10 eye widths)
  yawRange  p95 - p5 of head yaw proxy (nose x between the oval's sides)
  yawCoef/yawCorr  slope / correlation of conjugate u on yaw (negative = the eyes counter-rotate and
            hold the gaze while the head turns: the vestibulo-ocular reflex of a person looking at the camera)
  lookSd    robust spread of (eyeLookOutLeft - eyeLookInLeft + eyeLookInRight - eyeLookOutRight)/2
  resid     spread of u after regressing out yaw (eye-in-head motion not explained by head turn)

Usage: .data/eval-venv/bin/python scripts/eval/suite/probe_eyes.py DIR [DIR ...] > out.tsv
Read-only: prints one tab-separated row per clip, and writes per-frame series to $PROBE_EYES_DUMP
(a folder) when set.
"""
from __future__ import annotations

import glob
import json
import os
import sys

import numpy as np

from probe_frames import clip_fps, landmarked_frames

# subject's right eye (image left): outer 33, inner 133, lids 159/145, iris 468-472
R = dict(outer=33, inner=133, up=159, lo=145, iris=468)
L = dict(outer=263, inner=362, up=386, lo=374, iris=473)


def series(path: str):
    fps = clip_fps(path)
    rows = []
    for _k, _fr, p, r in landmarked_frames(path, blendshapes=True):
        if p is None:
            rows.append(None)
            continue
        p = np.float32(p)
        bs = {b.category_name: b.score for b in r.face_blendshapes[0]} if r.face_blendshapes else {}
        eyes = []
        for e in (R, L):
            o, i = p[e['outer']], p[e['inner']]
            ax = i - o
            wdt = float(np.hypot(*ax))
            ex = ax / max(wdt, 1e-6)
            ey = np.float32([-ex[1], ex[0]])
            c = (o + i) / 2
            d = p[e['iris']] - c
            u = float(d @ ex) / wdt
            v = float(d @ ey) / wdt
            lid = float(np.hypot(*(p[e['up']] - p[e['lo']]))) / wdt
            eyes.append((u, v, lid, wdt))
        # make u positive = gaze to image right for both eyes (R axis points outer->inner = image right,
        # L axis outer->inner = image left): flip L
        uR, vR, lidR, wR = eyes[0]
        uL, vL, lidL, wL = eyes[1]
        uL = -uL
        face = float(np.hypot(*(p[454] - p[234])))
        yaw = float((p[1][0] - (p[234][0] + p[454][0]) / 2) / max(face, 1e-6))
        look = (bs.get('eyeLookOutLeft', 0) - bs.get('eyeLookInLeft', 0)
                + bs.get('eyeLookInRight', 0) - bs.get('eyeLookOutRight', 0)) / 2
        lookV = (bs.get('eyeLookUpLeft', 0) + bs.get('eyeLookUpRight', 0)
                 - bs.get('eyeLookDownLeft', 0) - bs.get('eyeLookDownRight', 0)) / 2
        blink = (bs.get('eyeBlinkLeft', 0) + bs.get('eyeBlinkRight', 0)) / 2
        rows.append(dict(uR=uR, uL=uL, vR=vR, vL=-vL, lidR=lidR, lidL=lidL, eyePx=(wR + wL) / 2,
                         face=face, yaw=yaw, look=look, lookV=lookV, blink=blink))
    return fps, rows


def rsd(x):
    x = np.asarray(x, float)
    if len(x) < 4:
        return float('nan')
    q75, q25 = np.percentile(x, [75, 25])
    return float((q75 - q25) / 1.349)


def jumps(u: np.ndarray, t: np.ndarray, fps: float, thr: float) -> int:
    """Saccade-like events: |u(j) - u(i)| > thr with t(j) - t(i) <= 0.1 s; one count per event."""
    k = max(1, int(round(0.1 * fps)))
    n, last = 0, -1e9
    for i in range(len(u)):
        for j in range(i + 1, min(len(u), i + k + 1)):
            if t[j] - t[i] > 0.1 + 1e-6:
                break
            if abs(u[j] - u[i]) > thr and t[i] > last:
                n += 1
                last = t[j] + 0.1
                break
    return n


def summarise(path: str):
    fps, rows = series(path)
    t_all = np.arange(len(rows)) / fps
    ok = [(ti, r) for ti, r in zip(t_all, rows) if r and min(r['lidR'], r['lidL']) > 0.12]
    dump = os.environ.get('PROBE_EYES_DUMP')
    if dump:
        os.makedirs(dump, exist_ok=True)
        cls = os.path.basename(os.path.dirname(path))
        with open(os.path.join(dump, f'{cls}__{os.path.basename(path)}.json'), 'w') as f:
            json.dump(dict(fps=fps, rows=rows), f)
    if len(ok) < 10:
        return dict(n=len(ok))
    t = np.float64([a for a, _ in ok])
    R_ = [b for _, b in ok]
    u = np.float64([(r['uR'] + r['uL']) / 2 for r in R_])
    v = np.float64([(r['vR'] + r['vL']) / 2 for r in R_])
    verg = np.float64([r['uR'] - r['uL'] for r in R_])
    yaw = np.float64([r['yaw'] for r in R_])
    look = np.float64([r['look'] for r in R_])
    # noise: second difference on consecutive frames only
    sec = [abs(u[i] - (u[i - 1] + u[i + 1]) / 2) for i in range(1, len(u) - 1)
           if t[i] - t[i - 1] < 1.5 / fps and t[i + 1] - t[i] < 1.5 / fps]
    noise = float(np.median(sec)) if sec else float('nan')
    A = np.c_[yaw, np.ones_like(yaw)]
    coef, *_ = np.linalg.lstsq(A, u, rcond=None)
    resid = u - A @ coef
    dur = (t[-1] - t[0]) or 1
    out = dict(
        n=len(ok), fps=round(fps, 1), facePx=float(np.median([r['face'] for r in R_])),
        eyePx=float(np.median([r['eyePx'] for r in R_])),
        uSd=rsd(u), vSd=rsd(v), uRange=float(np.percentile(u, 95) - np.percentile(u, 5)),
        vergSd=rsd(verg), noise=noise, snr=rsd(u) / (noise + 1e-4),
        j04=jumps(u, t, fps, 0.04) / dur, j06=jumps(u, t, fps, 0.06) / dur, j10=jumps(u, t, fps, 0.10) / dur,
        yawRange=float(np.percentile(yaw, 95) - np.percentile(yaw, 5)), yawCoef=float(coef[0]),
        yawCorr=float(np.corrcoef(u, yaw)[0, 1]),
        residSd=rsd(resid), lookSd=rsd(look),
        lookRange=float(np.percentile(look, 95) - np.percentile(look, 5)),
        openFrac=len(ok) / max(1, sum(1 for r in rows if r)),
    )
    return out


def main():
    cols = None
    for d in sys.argv[1:]:
        for path in sorted(glob.glob(os.path.join(d, '*'))):
            if not path.endswith(('.mp4', '.webm', '.avi', '.mov', '.mkv')):
                continue
            s = summarise(path)
            if cols is None:
                cols = ['class', 'clip', 'n', 'fps', 'facePx', 'eyePx', 'uSd', 'vSd', 'uRange', 'vergSd',
                        'noise', 'snr', 'j04', 'j06', 'j10', 'yawRange', 'yawCoef', 'yawCorr', 'residSd', 'lookSd',
                        'lookRange', 'openFrac']
                print('\t'.join(cols), flush=True)
            row = [os.path.basename(os.path.normpath(d)), os.path.basename(path)[:60]]
            for c in cols[2:]:
                val = s.get(c, float('nan'))
                row.append(f'{val:.4f}' if isinstance(val, float) else str(val))
            print('\t'.join(row), flush=True)


if __name__ == '__main__':
    main()
