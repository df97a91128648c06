"""Animated portraits: one still photo of a person moved by another person's recorded motion.

This is how one-shot talking-head generators work (first-order-motion / thin-plate-spline motion
models, and the audio-driven ones built on them: one source image, a dense warp field per frame
driven by keypoints): every output frame is the SAME photograph, warped. The warp here is a
thin-plate spline from the source photo's MediaPipe landmarks to the driver's landmarks (relative
motion, as those models' "relative" mode: the driver's change since its first frame, scaled to the
source face), pinned to the identity at the frame border and on a ring two face widths around the
face, so the hair and the background near the head are dragged along as a generator's smooth field
drags them. The inner mouth is drawn dark in proportion to how far the driver opens it (a generator
paints a mouth cavity), and the driver's audio is muxed: lips follow a real voice.

Variants: `clean` (the generator's own output) and `noise` (fresh sensor noise σ 2 per frame added
afterwards, as a virtual camera or an attacker who knows about noise checks would).
"""
from __future__ import annotations

import os

import cv2
import numpy as np

from clipio import add_sensor_noise, read_segment, rng_for, write_clip
from faceswap import OVAL, landmarks, pick_donor

# landmarks that drive the warp: face oval, brows, eyes, nose, outer and inner lips, irises' rims
DRIVE = sorted(set(OVAL + [
    70, 63, 105, 66, 107, 336, 296, 334, 293, 300,  # brows
    33, 133, 159, 145, 160, 144, 158, 153, 263, 362, 386, 374, 387, 373, 385, 380,  # eyes
    1, 4, 6, 168, 5, 195, 98, 327, 2,  # nose
    61, 291, 0, 17, 37, 267, 84, 314, 40, 270, 91, 321,  # outer lips
    13, 14, 78, 308, 82, 312, 87, 317,  # inner lips
]))
INNER_LIPS = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95]
VARIANTS = ['clean', 'noise']
GRID = 8  # the warp is evaluated every GRID pixels and interpolated (it is smooth)


def _tps_kernel(r2: np.ndarray) -> np.ndarray:
    with np.errstate(divide='ignore', invalid='ignore'):
        k = r2 * np.log(r2)
    return np.nan_to_num(k)


def tps_map(dst: np.ndarray, src: np.ndarray, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """remap() maps for the thin-plate spline that takes output points `dst` to source points `src`."""
    n = len(dst)
    d2 = ((dst[:, None, :] - dst[None, :, :]) ** 2).sum(-1)
    K = _tps_kernel(d2) + np.eye(n) * 1e-3
    P = np.c_[np.ones(n), dst]
    A = np.zeros((n + 3, n + 3))
    A[:n, :n], A[:n, n:], A[n:, :n] = K, P, P.T
    rhs = np.zeros((n + 3, 2))
    rhs[:n] = src
    coef = np.linalg.solve(A, rhs)
    w, h = size
    gx, gy = np.meshgrid(np.arange(0, w + GRID, GRID, dtype=np.float64),
                         np.arange(0, h + GRID, GRID, dtype=np.float64))
    g = np.c_[gx.ravel(), gy.ravel()]
    U = _tps_kernel(((g[:, None, :] - dst[None, :, :]) ** 2).sum(-1))
    m = U @ coef[:n] + np.c_[np.ones(len(g)), g] @ coef[n:]
    mx = m[:, 0].reshape(gx.shape).astype(np.float32)
    my = m[:, 1].reshape(gx.shape).astype(np.float32)
    # grid node (i, j) sits at pixel (j*GRID, i*GRID): scale the node grid up to pixels exactly
    big = ((gx.shape[1] - 1) * GRID + 1, (gx.shape[0] - 1) * GRID + 1)
    mx = cv2.resize(mx, big, interpolation=cv2.INTER_LINEAR)[:h, :w]
    my = cv2.resize(my, big, interpolation=cv2.INTER_LINEAR)[:h, :w]
    return mx, my


def anchors(pts: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Fixed points: the frame border and a ring two face widths around the face (clipped to the frame)."""
    w, h = size
    border = [(x, y) for x in np.linspace(0, w - 1, 7) for y in (0, h - 1)]
    border += [(x, y) for y in np.linspace(0, h - 1, 6)[1:-1] for x in (0, w - 1)]
    c = pts[OVAL].mean(0)
    fw = float(np.ptp(pts[OVAL][:, 0]))
    ring = [(c[0] + 2.0 * fw * np.cos(a), c[1] + 2.0 * fw * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 12, endpoint=False)]
    ring = [(x, y) for x, y in ring if 4 <= x <= w - 5 and 4 <= y <= h - 5]
    return np.float64(border + ring)


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """2x2 linear part of the similarity (scale, rotation) taking point set a to b."""
    m, _ = cv2.estimateAffinePartial2D(np.float32(a), np.float32(b))
    return np.float64(m[:, :2])


def animate(photo: np.ndarray, ppts: np.ndarray, drive: list[np.ndarray | None], rng: np.random.Generator,
            variant: str) -> list[np.ndarray]:
    h, w = photo.shape[:2]
    ref = next(p for p in drive if p is not None)
    lin = similarity(ref[DRIVE], ppts[DRIVE])  # the driver's motion, in the photo's scale and roll
    fixed = anchors(ppts, (w, h))
    src = np.r_[ppts[DRIVE], fixed]
    out, last = [], ppts
    for p in drive:
        cur = last if p is None else ppts + (p - ref) @ lin.T
        last = cur
        mx, my = tps_map(np.r_[cur[DRIVE], fixed], src, (w, h))
        fr = cv2.remap(photo, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        gap = np.linalg.norm(cur[13] - cur[14]) / max(1.0, np.linalg.norm(cur[61] - cur[291]))
        if gap > 0.04:  # an open mouth: a dark cavity, as a generator paints one
            mask = np.zeros((h, w), np.float32)
            cv2.fillPoly(mask, [np.int32(np.round(cur[INNER_LIPS]))], 1.0, cv2.LINE_AA)
            mask = cv2.GaussianBlur(mask, (0, 0), 1.2)[..., None] * min(1.0, gap * 4)
            fr = (fr * (1 - 0.8 * mask) + np.float32([30, 28, 60]) * 0.8 * mask).astype(np.uint8)
        if variant == 'noise':
            fr = add_sensor_noise(fr, 2.0, rng)
        out.append(fr)
    return out


def make_animated(suite, half: str, sources: list[str]) -> None:
    d = suite.reset_class(half, 'animated_portrait')
    clips = {s: read_segment(s, os.path.splitext(os.path.basename(s))[0], 0.0, 12.5) for s in sources}
    marks = {s: landmarks(c.frames, c.fps) for s, c in clips.items()}
    photos = {s: pick_donor(c.frames, marks[s]) for s, c in clips.items()}
    for i, src in enumerate(sources):
        if photos[src] is None:
            print(f'  skip {clips[src].name}: no face for the photo', flush=True)
            continue
        # the driver is the next source in this half with faces in most frames: always another person
        drv = next((sources[(i + k) % len(sources)] for k in range(1, len(sources))
                    if sum(p is not None for p in marks[sources[(i + k) % len(sources)]])
                    >= len(clips[sources[(i + k) % len(sources)]].frames) // 2), None)
        if drv is None:
            print(f'  skip {clips[src].name}: no driver', flush=True)
            continue
        photo, ppts = photos[src]
        dc = clips[drv]
        variant = VARIANTS[i % len(VARIANTS)]
        frames = animate(photo, np.float64(ppts), [None if p is None else np.float64(p) for p in marks[drv]],
                         rng_for(clips[src].name, 'animate'), variant)
        dur = len(frames) / dc.fps
        written = write_clip(os.path.join(d, f'{clips[src].name}__by_{dc.name}__{variant}'), frames, dc.fps,
                             'h264', (drv, 0.0, dur) if dc.has_audio else None)
        meta = {'source': clips[src].name, 'driver': dc.name, 'variant': variant, 'durS': round(dur, 2)}
        if dur < 12.0:
            meta['short'] = True
        suite.add(written, meta)
