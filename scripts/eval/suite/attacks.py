"""Attacks made from one genuine clip: loop, noisy freeze, re-timed replay, photo, screen replay.

Each function takes the source Clip and a seeded Generator and returns (frames, fps, params).
"""
from __future__ import annotations

import math

import cv2
import numpy as np

from clipio import Clip, add_sensor_noise

NOISE_LEVELS = [1.0, 2.5, 5.0]
FREEZE_CODECS = ['h264', 'vp8', 'mjpeg', 'h264_low']
RETIME_CODECS = ['h264', 'h264_mid', 'h264_low', 'vp8']  # the replay re-encoded at several bitrates
PHOTO_VARIANTS = ['print', 'close', 'tilted', 'moved']


def loop(c: Clip, rng: np.random.Generator, variant: str, total_s: float = 12.5):
    """A 1.5–3 s piece of the clip replayed end to end (cut) or forward-backward (pingpong)."""
    n = len(c.frames)
    seg = int(min(n - 1, round(rng.uniform(1.5, 3.0) * c.fps)))
    start = int(rng.integers(0, max(1, n - seg)))
    piece = c.frames[start:start + seg]
    cycle = piece + piece[-2:0:-1] if variant == 'pingpong' else piece
    out = [cycle[i % len(cycle)] for i in range(int(total_s * c.fps))]
    return out, c.fps, {'variant': variant, 'segmentS': round(seg / c.fps, 2), 'startS': round(start / c.fps, 2)}


def freeze_noise(c: Clip, rng: np.random.Generator, sigma: float, fps: float = 30.0, total_s: float = 12.5,
                 jitter_px: float = 0.0):
    """One frame held for total_s with fresh sensor noise every frame; jitter_px > 0 adds a slow
    sub-pixel random walk of the whole frame (a camera rig that is not perfectly still)."""
    held = c.frames[int(rng.integers(len(c.frames) // 4, 3 * len(c.frames) // 4 + 1))]
    h, w = held.shape[:2]
    out, pos = [], np.zeros(2)
    for _ in range(int(total_s * fps)):
        fr = held
        if jitter_px > 0:
            pos = 0.9 * pos + rng.normal(0, jitter_px, 2)
            m = np.float32([[1, 0, pos[0]], [0, 1, pos[1]]])
            fr = cv2.warpAffine(held, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        out.append(add_sensor_noise(fr, sigma, rng))
    return out, fps, {'sigma': sigma, 'jitterPx': jitter_px}


def retimed(c: Clip, target_fps: float, total_s: float = 12.5):
    """The recording pushed out at target_fps by repeating frames (nearest earlier frame). A recording
    shorter than total_s starts again from its first frame (params.wrapS says when)."""
    n_src = len(c.frames)
    n_out = int(total_s * target_fps)
    idx = [int(math.floor(k * c.fps / target_fps + 1e-6)) % n_src for k in range(n_out)]
    params = {'sourceFps': round(c.fps, 3), 'targetFps': target_fps}
    if n_src / c.fps < total_s:
        params['wrapS'] = round(n_src / c.fps, 2)
    return [c.frames[i] for i in idx], target_fps, params


def room_background(w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    """A smooth, softly textured 'room' behind the attack instrument."""
    low = rng.uniform(50, 190, (4, 5, 1)) + rng.uniform(-15, 15, (4, 5, 3))
    bg = cv2.resize(low.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    tex = cv2.GaussianBlur(rng.normal(0, 6, (h, w)).astype(np.float32), (0, 0), 2.0)
    return np.clip(bg + tex[..., None], 0, 255).astype(np.uint8)


def plane_homography(w: int, h: int, pw: int, ph: int, yaw: float, pitch: float, roll: float,
                     scale: float, tx: float, ty: float) -> np.ndarray:
    """Homography mapping a pw x ph plane, rotated in 3D and seen by a pinhole camera, into w x h."""
    f = 1.1 * w
    cy, sy = math.cos(math.radians(yaw)), math.sin(math.radians(yaw))
    cp, sp = math.cos(math.radians(pitch)), math.sin(math.radians(pitch))
    cr, sr = math.cos(math.radians(roll)), math.sin(math.radians(roll))
    rot = (np.array([[cr, -sr, 0], [sr, cr, 0], [0, 0, 1]]) @ np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
           @ np.array([[1, 0, 0], [0, cp, -sp], [0, sp, cp]]))
    half = np.array([pw / 2, ph / 2])
    k = (w * scale) / pw  # plane units -> pixels at distance f
    src, dst = [], []
    for x, y in [(0, 0), (pw, 0), (pw, ph), (0, ph)]:
        p = rot @ np.array([(x - half[0]) * k, (y - half[1]) * k, 0.0]) + np.array([0, 0, f])
        src.append((x, y))
        dst.append((f * p[0] / p[2] + w / 2 + tx, f * p[1] / p[2] + h / 2 + ty))
    return cv2.getPerspectiveTransform(np.float32(src), np.float32(dst))


class HandMotion:
    """Slow sinusoidal sway plus a small random-walk jitter, as a hand holding a photo or phone."""

    def __init__(self, rng: np.random.Generator, amp: tuple[float, float, float], shift: float):
        self.rng, self.amp, self.shift = rng, amp, shift
        self.ph = rng.uniform(0, 2 * math.pi, 5)
        self.fr = rng.uniform(0.15, 0.45, 5)
        self.walk = np.zeros(5)

    def at(self, t: float) -> tuple[float, float, float, float, float]:
        self.walk = 0.85 * self.walk + self.rng.normal(0, [0.4, 0.3, 0.25, 1.0, 1.0])
        s = [math.sin(2 * math.pi * self.fr[i] * t + self.ph[i]) for i in range(5)]
        return (self.amp[0] * s[0] + self.walk[0], self.amp[1] * s[1] + self.walk[1],
                self.amp[2] * s[2] + self.walk[2], self.shift * s[3] + self.walk[3],
                self.shift * s[4] + self.walk[4])


def photo(c: Clip, rng: np.random.Generator, variant: str, fps: float = 25.0, total_s: float = 12.5):
    """A still frame printed (white margin), held close (face fills the frame), tilted (larger
    out-of-plane angles) or moved (larger sway and drift), moved as a flat plane by homographies."""
    still = c.frames[len(c.frames) // 2]
    h, w = still.shape[:2]
    pr = cv2.convertScaleAbs(still, alpha=0.88, beta=14)  # print: lower contrast, lifted blacks
    if variant == 'print':
        m = int(0.06 * w)
        pr = cv2.copyMakeBorder(pr, m, m, m, m, cv2.BORDER_CONSTANT, value=(235, 238, 240))
    ph, pw = pr.shape[:2]
    bg = room_background(w, h, rng)
    scale = {'print': 0.85, 'close': 1.25, 'tilted': 1.05, 'moved': 0.95}[variant]
    amp = {'tilted': (24.0, 16.0, 7.0), 'moved': (16.0, 10.0, 5.0)}.get(variant, (14.0, 8.0, 4.0))
    hand = HandMotion(rng, amp, (0.09 if variant == 'moved' else 0.04) * w)
    out = []
    for k in range(int(total_s * fps)):
        yaw, pitch, roll, tx, ty = hand.at(k / fps)
        hm = plane_homography(w, h, pw, ph, yaw, pitch, roll, scale, tx, ty)
        warped = cv2.warpPerspective(pr, hm, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_TRANSPARENT,
                                     dst=bg.copy())
        out.append(add_sensor_noise(cv2.GaussianBlur(warped, (0, 0), 0.7), 2.0, rng))
    return out, fps, {'variant': variant}


def subpixel_modulation(w: int, h: int) -> np.ndarray:
    """Per-sub-pixel gain of an LCD with RGB stripes (3x3 sub-pixels per pixel)."""
    mask = np.zeros((h * 3, w * 3, 3), np.float32)
    for ch_bgr, col in ((2, 0), (1, 1), (0, 2)):  # R, G, B stripes left to right
        mask[:, col::3, ch_bgr] = 1.0
    mask[2::3, :, :] *= 0.6  # row gaps between pixels
    return (0.85 + 0.6 * (mask - 0.3)) * 1.1


def subpixel_screen(fr: np.ndarray, gamma: float, mod: np.ndarray) -> np.ndarray:
    """The frame as an LCD shows it (gamma-shifted, lifted blacks, sub-pixels), through soft optics."""
    x = (fr.astype(np.float32) / 255.0) ** gamma * 215 + 22
    big = cv2.resize(x, (fr.shape[1] * 3, fr.shape[0] * 3), interpolation=cv2.INTER_NEAREST)
    # the camera's optics soften the sub-pixels before its sensor samples them (aliasing = moiré)
    return cv2.GaussianBlur(big * mod, (0, 0), 1.1)


def screen(c: Clip, rng: np.random.Generator, variant: str, fps: float = 25.0, total_s: float = 12.5):
    """The clip (or one still of it) shown on a screen and filmed: perspective, gamma, moiré, glare, blur,
    and refresh banding (a dark band rolling through the image: the camera's rolling shutter beating
    against the display's refresh/backlight PWM). A clip shorter than total_s starts again (wrapS)."""
    h, w = c.frames[0].shape[:2]
    gamma = float(rng.uniform(0.8, 1.25))
    bg = room_background(w, h, rng)
    hand = HandMotion(rng, (6.0, 4.0, 2.0), 0.02 * w)
    gx, gy = rng.uniform(0.2, 0.8) * w * 3, rng.uniform(0.2, 0.6) * h * 3
    yy, xx = np.mgrid[0:h * 3, 0:w * 3].astype(np.float32)
    glare = (rng.uniform(40, 90) * np.exp(-(((xx - gx) / (w * 0.5)) ** 2 + ((yy - gy) / (h * 0.35)) ** 2)))[..., None]
    bezel = int(0.04 * w) * 3
    blur = float(rng.uniform(0.6, 1.3))
    mod = subpixel_modulation(w, h)
    band_amp = float(rng.uniform(0.03, 0.10))  # relative depth of the rolling band
    band_period = float(rng.uniform(0.6, 1.6)) * h  # rows per band cycle
    band_speed = float(rng.uniform(0.3, 1.5)) * h  # rows per second the band rolls
    rows = np.arange(h, dtype=np.float32)[:, None, None]
    out, cache = [], {}
    n_src = len(c.frames)
    for k in range(int(total_s * fps)):
        i = n_src // 2 if variant == 'still' else int(k * c.fps / fps) % n_src
        if i not in cache:
            scr = np.clip(subpixel_screen(c.frames[i], gamma, mod) + glare, 0, 255).astype(np.uint8)
            cache = {i: cv2.copyMakeBorder(scr, bezel, bezel, bezel, bezel, cv2.BORDER_CONSTANT, value=(18, 18, 20))}
        scr = cache[i]
        yaw, pitch, roll, tx, ty = hand.at(k / fps)
        hm = plane_homography(w, h, scr.shape[1], scr.shape[0], 8 + yaw, pitch, roll, 1.0, tx, ty)
        warped = cv2.warpPerspective(scr, hm, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_TRANSPARENT,
                                     dst=bg.copy())
        band = 1.0 - band_amp * (0.5 + 0.5 * np.sin(2 * np.pi * (rows + band_speed * k / fps) / band_period))
        filmed = np.clip(cv2.GaussianBlur(warped, (0, 0), blur).astype(np.float32) * band, 0, 255).astype(np.uint8)
        out.append(add_sensor_noise(filmed, 2.0, rng))
    params = {'variant': variant, 'gamma': round(gamma, 2), 'blur': round(blur, 2), 'bandAmp': round(band_amp, 3)}
    if variant == 'video' and n_src / c.fps < total_s:
        params['wrapS'] = round(n_src / c.fps, 2)
    return out, fps, params


def grid_tile(pitch: float, fill_x: float, fill_y: float, optics_sigma: float, res: int = 24) -> np.ndarray:
    """One period (one display pixel) of an RGB-stripe LCD's emission as the camera's sensor records it.

    A display pixel is three vertical sub-pixel stripes (R, G, B, each `fill_x` of its third wide)
    on rows `fill_y` of the pixel high; the rest is the black matrix. `pitch` is the display pixel's
    size in sensor pixels. The pattern is blurred by the lens (Gaussian, `optics_sigma` sensor px)
    and integrated over one sensor pixel's area (a box `1/pitch` display px wide) before the sensor
    samples it: sampling the prefiltered tile at each sensor pixel's display coordinates is the
    camera's aliasing (moiré when `pitch` is not an integer). Returns res x res x 3 (BGR), mean 1.
    """
    s = (np.arange(res) + 0.5) / res
    rows = (np.abs(s - 0.5) < fill_y / 2).astype(np.float64)
    tile = np.zeros((res, res, 3))
    for k, ch_bgr in enumerate((2, 1, 0)):  # R, G, B stripes left to right
        centre = (k + 0.5) / 3
        d = np.abs(((s - centre + 0.5) % 1.0) - 0.5)
        tile[:, :, ch_bgr] = rows[:, None] * (d < fill_x / 6)[None, :]
    f = np.fft.fftfreq(res, 1.0 / res)  # cycles per display pixel
    mtf1 = np.sinc(f / pitch) * np.exp(-2 * (math.pi * optics_sigma / pitch) ** 2 * f ** 2)
    mtf = mtf1[:, None] * mtf1[None, :]
    out = np.stack([np.real(np.fft.ifft2(np.fft.fft2(tile[..., c]) * mtf)) for c in range(3)], axis=-1)
    return (out / out.mean(axis=(0, 1), keepdims=True)).astype(np.float32)


def screen_grid(c: Clip, rng: np.random.Generator, variant: str, fps: float = 25.0, total_s: float = 12.5):
    """A screen replay filmed through a physical camera model: the display's sub-pixel grid is imaged
    by the lens, integrated over each sensor pixel, sampled there (aliasing: moiré). Half the clips
    come from a camera whose sensor has the output's resolution; the other half from a sensor with
    twice the output's resolution that the ISP scales down (area filter: it averages fine grids away).

    The display pixel pitch is 0.8–2.6 sensor px (uniform, so almost never an integer): a phone or a
    low-ppi screen held close to the camera. Below ~1 sensor px (a high-ppi screen seen whole) the
    lens and the pixel area average the grid away; that case is in the range on purpose. No rolling
    refresh band (the `screen` class has one); a soft glare fixed in the camera's frame (a room light
    reflected in the glass); the content is the clip (`video`) or its middle frame (`still`).
    """
    h, w = c.frames[0].shape[:2]
    pitch = float(rng.uniform(0.8, 2.6))
    optics = float(rng.uniform(0.35, 0.6))
    fill_x, fill_y = float(rng.uniform(0.7, 0.9)), float(rng.uniform(0.75, 0.92))
    gamma = float(rng.uniform(0.8, 1.25))
    cover = float(rng.uniform(0.85, 1.0))  # share of the view's width the active area takes
    down = int(rng.integers(1, 3))  # sensor resolution / output resolution (1: native, 2: ISP downscale)
    sh, sw = down * h, down * w
    pw = max(8, int(round(cover * sw / pitch)))  # panel width in display pixels
    ph = max(8, int(round(pw * h / w)))
    bezel = max(2, int(round(0.04 * pw)))
    tile = grid_tile(pitch, fill_x, fill_y, optics)
    res = tile.shape[0]
    # periodic look-up without wrap logic: 3x3 tiles, then a constant-1 strip for pixels off the panel
    big = np.concatenate([np.tile(tile, (3, 3, 1)), np.ones((3 * res, res, 3), np.float32)], axis=1)
    off = np.float32(3.5 * res)
    bg = cv2.GaussianBlur(room_background(sw, sh, rng), (0, 0), optics)
    hand = HandMotion(rng, (6.0, 4.0, 2.0), 0.02 * sw)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    gx, gy = rng.uniform(0.2, 0.8) * sw, rng.uniform(0.2, 0.6) * sh
    glare = (rng.uniform(15, 45) * np.exp(-(((xx - gx) / (sw * 0.35)) ** 2 + ((yy - gy) / (sh * 0.25)) ** 2)))
    glare = glare.astype(np.float32)
    out, cache = [], {}
    n_src = len(c.frames)
    for k in range(int(total_s * fps)):
        i = n_src // 2 if variant == 'still' else int(k * c.fps / fps) % n_src
        if i not in cache:
            lin = (c.frames[i].astype(np.float32) / 255.0) ** gamma * 215 + 22
            panel = cv2.resize(lin, (pw, ph), interpolation=cv2.INTER_AREA if pw < w else cv2.INTER_LINEAR)
            panel = cv2.copyMakeBorder(panel, bezel, bezel, bezel, bezel, cv2.BORDER_CONSTANT, value=(6, 6, 7))
            cache = {i: np.clip(panel, 0, 255).astype(np.uint8)}
        panel = cache[i]
        yaw, pitch_deg, roll, tx, ty = hand.at(k / fps)
        hm = plane_homography(sw, sh, panel.shape[1], panel.shape[0], 8 + yaw, pitch_deg, roll,
                              (pw + 2 * bezel) / pw * cover, tx, ty)
        content = cv2.warpPerspective(panel, hm, (sw, sh), flags=cv2.INTER_LINEAR,
                                      borderMode=cv2.BORDER_TRANSPARENT, dst=bg.copy())
        content = cv2.GaussianBlur(content, (0, 0), optics).astype(np.float32)
        # each sensor pixel's display coordinates (display px, active area from 0): grid look-up
        hi = np.linalg.inv(hm).astype(np.float32)
        den = hi[2, 0] * xx + hi[2, 1] * yy + hi[2, 2]
        u = (hi[0, 0] * xx + hi[0, 1] * yy + hi[0, 2]) / den - bezel
        v = (hi[1, 0] * xx + hi[1, 1] * yy + hi[1, 2]) / den - bezel
        active = (u >= 0) & (u < pw) & (v >= 0) & (v < ph)
        mu = np.where(active, np.mod(u, 1.0) * res + (res - 0.5), off)
        mv = np.where(active, np.mod(v, 1.0) * res + (res - 0.5), off)
        grid = cv2.remap(big, mu.astype(np.float32), mv.astype(np.float32), interpolation=cv2.INTER_LINEAR)
        sensor = content * grid + (glare * active)[..., None]
        small = sensor if down == 1 else cv2.resize(sensor, (w, h), interpolation=cv2.INTER_AREA)
        out.append(add_sensor_noise(np.clip(small, 0, 255).astype(np.uint8), 1.8, rng))
    params = {'variant': variant, 'pitchSensorPx': round(pitch, 3), 'opticsSigma': round(optics, 2),
              'fill': [round(fill_x, 2), round(fill_y, 2)], 'sensorScale': down, 'gamma': round(gamma, 2), 'panelPx': [pw, ph]}
    if variant == 'video' and n_src / c.fps < total_s:
        params['wrapS'] = round(n_src / c.fps, 2)
    return out, fps, params
