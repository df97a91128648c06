"""Whole-picture shake: how far the picture's border and the background beside the head move.

For each clip (video and the engine's feature dump from `npm run eval -- … --dump-dir`, which gives
the face box per frame), every 3rd frame against the frame 3 later, grey at 240 px width:
- border: sub-pixel translation (OpenCV phase correlation, Hanning window) of the top, left and
  right strips (7 % of the width, at least 16 px), median of the strips;
- beside the head: the same for rectangles left and right of the face box (0.6 face widths off)
  and above it, outside the band.
Strips with grey std < 4 or a correlation peak < 0.1 are skipped. Prints per clip the median shift
(px at 240 px width). Read-only; docs/planar-signals.md "Whole-picture shake (session 11)".

    python scripts/eval/suite/probe_border_shift.py <video>::<dump.json> ...
"""
import json
import os
import sys

import cv2
import numpy as np

W = 240  # analysis width, px
LAG = 3  # frames between the two compared


def rect_shift(a: np.ndarray, b: np.ndarray, r: tuple[int, int, int, int]) -> float | None:
    """Translation (px) of rectangle r from a to b, or None when it is too small or textureless."""
    x0, y0, x1, y1 = r
    if x1 - x0 < 16 or y1 - y0 < 16:
        return None
    pa, pb = a[y0:y1, x0:x1], b[y0:y1, x0:x1]
    if pa.std() < 4:
        return None
    win = cv2.createHanningWindow((x1 - x0, y1 - y0), cv2.CV_32F)
    (dx, dy), resp = cv2.phaseCorrelate(pa, pb, win)
    return float(np.hypot(dx, dy)) if resp >= 0.1 else None


def grey_frames(video: str) -> list[np.ndarray]:
    cap = cv2.VideoCapture(video)
    out = []
    while True:
        ok, x = cap.read()
        if not ok:
            return out
        h, w = x.shape[:2]
        small = cv2.resize(x, (W, int(h * W / w)), interpolation=cv2.INTER_AREA)
        out.append(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY).astype(np.float32))


def clip(video: str, dump: str) -> tuple[float, float, int, int]:
    frames = json.load(open(dump))['frames']
    imgs = grey_frames(video)
    n = min(len(imgs), len(frames))
    h = imgs[0].shape[0]
    band = max(16, int(0.07 * W))
    beside, border = [], []
    for k in range(0, n - LAG, LAG):
        f = frames[k]
        if not f.get('face'):
            continue
        s = W / f['width']
        b = f['face']['box']
        bx, by, bw, bh = b['x'] * s, b['y'] * s, b['w'] * s, b['h'] * s
        left = (band, band, int(max(band, bx - 0.6 * bw)), int(min(h - band, by + bh)))
        right = (int(min(W - band, bx + 1.6 * bw)), band, W - band, int(min(h - band, by + bh)))
        top = (band, band, W - band, int(max(band, by - 0.3 * bh)))
        strips = ((0, 0, W, band), (0, 0, band, h), (W - band, 0, W, h))
        a, c = imgs[k], imgs[k + LAG]
        ins = [v for r in (left, right, top) if (v := rect_shift(a, c, r)) is not None]
        outs = [v for r in strips if (v := rect_shift(a, c, r)) is not None]
        if ins:
            beside.append(float(np.median(ins)))
        if outs:
            border.append(float(np.median(outs)))
    med = lambda xs: float(np.median(xs)) if xs else float('nan')  # noqa: E731
    return med(border), med(beside), len(border), len(beside)


def main() -> None:
    for pair in sys.argv[1:]:
        video, dump = pair.split('::')
        bo, be, nbo, nbe = clip(video, dump)
        cls = os.path.basename(os.path.dirname(video))
        print(f'{cls:12s} {os.path.basename(video)[:55]:55s} border {bo:.2f} px (n {nbo})  '
              f'beside the head {be:.2f} px (n {nbe})', flush=True)


if __name__ == '__main__':
    main()
