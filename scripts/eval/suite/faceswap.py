"""Landmark face swaps between different people, the way cheap and real-time swap tools work.

faceswap: every target frame, a donor face (one frontal donor frame) is warped triangle by triangle
onto the target's MediaPipe landmarks, colour-matched in Lab and Poisson-blended (seamlessClone) at
the face hull; the target's inner mouth is kept. faceswap_lowres: the same swap done in a 128 px
aligned face crop (inswapper's working size) and pasted back upscaled.
"""
from __future__ import annotations

import os

import cv2
import mediapipe as mp
import numpy as np
from mediapipe.tasks.python import BaseOptions, vision

from clipio import read_segment, write_clip

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_CANDIDATES = [os.path.join(HERE, '../../../models/face_landmarker.task'),
                    '/work/shared/models/face_landmarker.task']
OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152,
        148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109]
INNER = [33, 133, 159, 145, 160, 158, 153, 144, 263, 362, 386, 374, 387, 385, 380, 373, 70, 63, 105,
         66, 107, 336, 296, 334, 293, 300, 1, 4, 6, 168, 5, 195, 98, 327, 2, 61, 291, 0, 17, 13, 14, 37,
         267, 84, 314, 78, 308, 50, 280, 205, 425, 187, 411, 117, 346]
SUBSET = OVAL + INNER
MOUTH = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95]
# ArcFace 5-point template (112 px) scaled to inswapper's 128 px crop
TEMPLATE_128 = np.float32([[38.29, 51.70], [73.53, 51.50], [56.03, 71.74], [41.55, 92.37],
                           [70.73, 92.20]]) * (128 / 112)


def model_path() -> str:
    for p in MODEL_CANDIDATES:
        if os.path.exists(p):
            return p
    raise SystemExit('face_landmarker.task not found: run `npm run models:install` first')


def landmarks(frames: list[np.ndarray], fps: float) -> list[np.ndarray | None]:
    """478 MediaPipe landmarks per frame in pixels (or None), VIDEO mode."""
    opts = vision.FaceLandmarkerOptions(base_options=BaseOptions(model_asset_path=model_path()),
                                        running_mode=vision.RunningMode.VIDEO, num_faces=1)
    out: list[np.ndarray | None] = []
    with vision.FaceLandmarker.create_from_options(opts) as lm:
        for k, fr in enumerate(frames):
            img = mp.Image(image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(fr, cv2.COLOR_BGR2RGB))
            r = lm.detect_for_video(img, int(k * 1000 / fps))
            if not r.face_landmarks:
                out.append(None)
                continue
            h, w = fr.shape[:2]
            out.append(np.float32([[p.x * w, p.y * h] for p in r.face_landmarks[0]]))
    return out


def five_points(p: np.ndarray) -> np.ndarray:
    eye_r, eye_l = (p[33] + p[133]) / 2, (p[263] + p[362]) / 2
    return np.float32([eye_r, eye_l, p[1], p[61], p[291]])


def triangles(pts: np.ndarray) -> list[tuple[int, int, int]]:
    """Delaunay triangles over the SUBSET points, as index triples into SUBSET."""
    x, y, w, h = cv2.boundingRect(pts)
    sub = cv2.Subdiv2D((x - 2, y - 2, w + 4, h + 4))
    lookup = {(round(float(a), 2), round(float(b), 2)): i for i, (a, b) in enumerate(pts)}
    for a, b in pts:
        sub.insert((float(a), float(b)))
    tris = []
    for t in sub.getTriangleList():
        idx = [lookup.get((round(float(t[j]), 2), round(float(t[j + 1]), 2))) for j in (0, 2, 4)]
        if None not in idx:
            tris.append((idx[0], idx[1], idx[2]))
    return tris


def warp_face(donor: np.ndarray, dpts: np.ndarray, tris, tpts: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Piecewise-affine warp of the donor's face triangles onto the target's points."""
    w, h = size
    out = np.zeros((h, w, 3), np.float32)
    for tri in tris:
        s, d = dpts[list(tri)], tpts[list(tri)]
        x, y, bw, bh = cv2.boundingRect(d)
        if bw <= 0 or bh <= 0 or x >= w or y >= h or x + bw <= 0 or y + bh <= 0:
            continue
        m = cv2.getAffineTransform(np.float32(s), np.float32(d - [x, y]))
        patch = cv2.warpAffine(donor, m, (bw, bh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        mask = np.zeros((bh, bw), np.float32)
        cv2.fillConvexPoly(mask, np.int32(np.round(d - [x, y])), 1.0, cv2.LINE_AA)
        x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + bw, w), min(y + bh, h)
        pm, mm = patch[y0 - y:y1 - y, x0 - x:x1 - x], mask[y0 - y:y1 - y, x0 - x:x1 - x, None]
        out[y0:y1, x0:x1] = out[y0:y1, x0:x1] * (1 - mm) + pm * mm
    return out


def face_mask(pts: np.ndarray, size: tuple[int, int], erode: int) -> np.ndarray:
    w, h = size
    mask = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(mask, cv2.convexHull(np.int32(np.round(pts[OVAL]))), 255)
    cv2.fillPoly(mask, [np.int32(np.round(pts[MOUTH]))], 0)
    if erode > 0:
        mask = cv2.erode(mask, np.ones((erode, erode), np.uint8))
    return mask


def colour_match(src: np.ndarray, ref: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Match Lab mean and std of src to ref inside the mask (Reinhard transfer)."""
    s = cv2.cvtColor(np.clip(src, 0, 255).astype(np.uint8), cv2.COLOR_BGR2LAB).astype(np.float32)
    r = cv2.cvtColor(ref, cv2.COLOR_BGR2LAB).astype(np.float32)
    m = mask > 0
    if m.sum() < 20:
        return np.clip(src, 0, 255).astype(np.uint8)
    for c in range(3):
        sm, ss, rm, rs = s[..., c][m].mean(), s[..., c][m].std() + 1e-3, r[..., c][m].mean(), r[..., c][m].std()
        s[..., c] = (s[..., c] - sm) * (rs / ss) + rm
    return cv2.cvtColor(np.clip(s, 0, 255).astype(np.uint8), cv2.COLOR_LAB2BGR)


def blend(face: np.ndarray, target: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Poisson (seamless) blending of face into target inside mask; alpha feathering if it cannot."""
    ys, xs = np.nonzero(mask)
    h, w = mask.shape
    if len(xs) < 50 or xs.min() < 2 or ys.min() < 2 or xs.max() > w - 3 or ys.max() > h - 3:
        a = cv2.GaussianBlur(mask.astype(np.float32) / 255, (0, 0), 3)[..., None]
        return (face * a + target * (1 - a)).astype(np.uint8)
    x, y, bw, bh = cv2.boundingRect(mask)
    return cv2.seamlessClone(face, target, mask, (x + bw // 2, y + bh // 2), cv2.NORMAL_CLONE)


def swap_frame(target: np.ndarray, tpts: np.ndarray, donor: np.ndarray, dpts: np.ndarray, tris,
               lowres: bool) -> np.ndarray:
    """The target frame with the donor's face on it (work is done in a box around the face)."""
    h, w = target.shape[:2]
    x, y, bw, bh = cv2.boundingRect(np.int32(np.round(tpts[OVAL])))
    mx, my = bw // 5 + 4, bh // 5 + 4
    x0, y0, x1, y1 = max(0, x - mx), max(0, y - my), min(w, x + bw + mx), min(h, y + bh + my)
    roi = target[y0:y1, x0:x1]
    size = (x1 - x0, y1 - y0)
    rpts = tpts - np.float32([x0, y0])
    if lowres:
        m, _ = cv2.estimateAffinePartial2D(five_points(tpts), TEMPLATE_128)
        crop = cv2.warpAffine(target, m, (128, 128), flags=cv2.INTER_AREA)
        cpts = (np.c_[tpts, np.ones(len(tpts))] @ m.T).astype(np.float32)
        small = colour_match(warp_face(donor, dpts[SUBSET], tris, cpts[SUBSET], (128, 128)), crop,
                             face_mask(cpts, (128, 128), 0))
        back = cv2.invertAffineTransform(m)
        back[:, 2] -= [x0, y0]
        face = cv2.warpAffine(small, back, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    else:
        face = warp_face(donor, dpts[SUBSET], tris, rpts[SUBSET], size)
        face = colour_match(face, roi, face_mask(rpts, size, 0))
    out = target.copy()
    out[y0:y1, x0:x1] = blend(face, roi, face_mask(rpts, size, max(3, w // 120)))
    return out


def pick_donor(frames: list[np.ndarray], pts: list[np.ndarray | None]):
    """The most frontal frame (nose nearest the middle of the face contour) with a face."""
    best, score = None, 1e9
    for fr, p in zip(frames, pts):
        if p is None:
            continue
        s = abs(p[1][0] - (p[234][0] + p[454][0]) / 2) / max(1.0, abs(p[454][0] - p[234][0]))
        if s < score:
            best, score = (fr, p), s
    return best


def make_swaps(suite, half: str, sources: list[str], classes: list[str]) -> None:
    dirs = {c: suite.reset_class(half, c) for c in classes}
    clips = {s: read_segment(s, os.path.splitext(os.path.basename(s))[0], 0.0, 12.5) for s in sources}
    marks = {s: landmarks(c.frames, c.fps) for s, c in clips.items()}
    donors = {s: pick_donor(c.frames, marks[s]) for s, c in clips.items()}
    for i, src in enumerate(sources):
        tc = clips[src]
        # the next source in this half with a usable face is the donor: always a different person
        dsrc = next((sources[(i + k) % len(sources)] for k in range(1, len(sources))
                     if donors[sources[(i + k) % len(sources)]] is not None), None)
        if dsrc is None or sum(p is not None for p in marks[src]) < len(tc.frames) // 2:
            print(f'  skip {tc.name}: no donor or too few target faces', flush=True)
            continue
        dframe, dpts = donors[dsrc]
        tris = triangles(dpts[SUBSET])
        for cls in classes:
            lowres = cls == 'faceswap_lowres'
            out = [fr if p is None else swap_frame(fr, p, dframe, dpts, tris, lowres)
                   for fr, p in zip(tc.frames, marks[src])]
            dur = len(out) / tc.fps
            written = write_clip(os.path.join(dirs[cls], f'{tc.name}__from_{clips[dsrc].name}'), out, tc.fps,
                                 'h264', (src, 0.0, dur) if tc.has_audio else None)
            meta = {'source': tc.name, 'donor': clips[dsrc].name, 'faceRes': 128 if lowres else 'native',
                    'durS': round(dur, 2)}
            if dur < 12.0:
                meta['short'] = True  # the target recording is shorter than a clip: no loop, no PASS possible
            suite.add(written, meta)
