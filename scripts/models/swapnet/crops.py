"""swapnet step 1b: similarity-aligned face crops (the crop the engine must reproduce exactly).

The three anchor points are the eye centres (mean of MediaPipe mesh points 33/133 and 263/362, all in
the worker's LANDMARK_SUBSET) and the mouth centre (mean of 61/291). A least-squares similarity
(rotation + uniform scale + shift, no reflection) maps them to TEMPLATE in a SIZE x SIZE crop; the
crop is sampled bilinearly, outside the frame is black. With an inter-eye distance of 36 px the face
hull (x in [-1.2, 1.2] d, y in [-0.95, 2.0] d about the eye midpoint, measured on the tune half)
lies inside with ~0.5 d margin, so the blend seam and the surround are in view.

Usage: python crops.py LM_DIR SUITE_DIR OUT_DIR  (LM_DIR from extract.py; writes <class>/<clip>.npz
with crops [N,SIZE,SIZE,3] RGB uint8, frame index, inter-eye distance in px)
"""
from __future__ import annotations

import os
import sys

import cv2
import numpy as np

SIZE = 128
D = 36.0
CY = 44.0
TEMPLATE = np.float32([[SIZE / 2 - D / 2, CY], [SIZE / 2 + D / 2, CY], [SIZE / 2, CY + 1.1 * D]])


def anchors(p: np.ndarray) -> np.ndarray:
    """[eye image-left, eye image-right, mouth] centres from 478 (or subset-indexed) points."""
    return np.float32([(p[33] + p[133]) / 2, (p[263] + p[362]) / 2, (p[61] + p[291]) / 2])


def similarity(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """2x3 least-squares similarity src -> dst (closed form, complex-number fit)."""
    s = src[:, 0] + 1j * src[:, 1]
    d = dst[:, 0] + 1j * dst[:, 1]
    sm, dm = s.mean(), d.mean()
    a = np.sum(np.conj(s - sm) * (d - dm)) / np.sum(np.abs(s - sm) ** 2)
    t = dm - a * sm
    return np.float32([[a.real, -a.imag, t.real], [a.imag, a.real, t.imag]])


def crop(frame_rgb: np.ndarray, pts: np.ndarray) -> np.ndarray:
    m = similarity(anchors(pts).astype(np.float64), TEMPLATE.astype(np.float64))
    return cv2.warpAffine(frame_rgb, m, (SIZE, SIZE), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))


def run_clip(lm_path: str, clip_path: str, out: str) -> None:
    z = np.load(lm_path)
    want = {int(k): i for i, k in enumerate(z['idx'])}
    cap = cv2.VideoCapture(clip_path)
    crops, idx, eyed = [], [], []
    k = 0
    while want:
        ok, fr = cap.read()
        if not ok:
            break
        if k in want:
            p = z['pts'][want.pop(k)]
            crops.append(crop(cv2.cvtColor(fr, cv2.COLOR_BGR2RGB), p))
            idx.append(k)
            a = anchors(p)
            eyed.append(float(np.linalg.norm(a[1] - a[0])))
        k += 1
    np.savez_compressed(out, crops=np.uint8(crops).reshape(-1, SIZE, SIZE, 3), idx=np.int32(idx),
                        eyed=np.float32(eyed))


def main() -> None:
    lm, suite, outdir = sys.argv[1:4]
    for cls in sorted(os.listdir(lm)):
        os.makedirs(os.path.join(outdir, cls), exist_ok=True)
        for f in sorted(os.listdir(os.path.join(lm, cls))):
            stem = f[:-4]
            clip = [c for c in os.listdir(os.path.join(suite, cls)) if os.path.splitext(c)[0] == stem][0]
            out = os.path.join(outdir, cls, f)
            if not os.path.exists(out):
                run_clip(os.path.join(lm, cls, f), os.path.join(suite, cls, clip), out)
                print(cls, stem, flush=True)


if __name__ == '__main__':
    main()
