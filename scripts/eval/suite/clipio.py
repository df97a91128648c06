"""Reading and writing clips for the evaluation suite (ffmpeg does the encoding)."""
from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass

import cv2
import numpy as np

MAX_W, MAX_H = 640, 480


@dataclass
class Clip:
    """Decoded frames (BGR uint8) of one source segment, with its timing and audio origin."""

    name: str
    path: str
    fps: float
    frames: list[np.ndarray]
    start_s: float
    has_audio: bool


def fit_size(w: int, h: int) -> tuple[int, int]:
    """Largest even size within MAX_W x MAX_H keeping the aspect ratio (never upscales)."""
    s = min(1.0, MAX_W / w, MAX_H / h)
    return max(2, int(w * s) // 2 * 2), max(2, int(h * s) // 2 * 2)


def has_audio(path: str) -> bool:
    out = subprocess.run(
        ['ffprobe', '-v', 'error', '-select_streams', 'a', '-show_entries', 'stream=index',
         '-of', 'csv=p=0', path], capture_output=True, text=True, check=True).stdout
    return out.strip() != ''


def duration_s(path: str) -> float:
    out = subprocess.run(
        ['ffprobe', '-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path],
        capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def read_segment(path: str, name: str, start_s: float, dur_s: float) -> Clip:
    """Frames of [start_s, start_s + dur_s), scaled to fit 640x480."""
    cap = cv2.VideoCapture(path)
    fps = cap.get(cv2.CAP_PROP_FPS) or 25.0
    first, last = int(round(start_s * fps)), int(round((start_s + dur_s) * fps))
    frames: list[np.ndarray] = []
    i = 0
    while i < last:
        ok, fr = cap.read()
        if not ok:
            break
        if i >= first:
            h, w = fr.shape[:2]
            tw, th = fit_size(w, h)
            if (tw, th) != (w, h):
                fr = cv2.resize(fr, (tw, th), interpolation=cv2.INTER_AREA)
            frames.append(fr)
        i += 1
    cap.release()
    if not frames:
        raise RuntimeError(f'{path}: no frames in {start_s}..{start_s + dur_s} s')
    return Clip(name, path, fps, frames, start_s, has_audio(path))


CODECS = {
    'h264': (['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'], 'mp4'),
    'h264_mid': (['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '30', '-pix_fmt', 'yuv420p'], 'mp4'),
    'h264_low': (['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '35', '-pix_fmt', 'yuv420p'], 'mp4'),
    'vp8': (['-c:v', 'libvpx', '-b:v', '1M', '-deadline', 'realtime', '-cpu-used', '8'], 'webm'),
    'mjpeg': (['-c:v', 'mjpeg', '-q:v', '5', '-pix_fmt', 'yuvj420p'], 'avi'),
}


def write_clip(out_base: str, frames: list[np.ndarray], fps: float, codec: str = 'h264',
               audio: tuple[str, float, float] | None = None) -> str:
    """Encode BGR frames at a constant `fps`; audio = (source file, start s, duration s) to mux."""
    vargs, ext = CODECS[codec]
    out = f'{out_base}.{ext}'
    h, w = frames[0].shape[:2]
    cmd = ['ffmpeg', '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'bgr24', '-s', f'{w}x{h}',
           '-r', f'{fps:.5f}', '-i', 'pipe:0']
    if audio and ext != 'avi':
        src, start, dur = audio
        cmd += ['-ss', f'{start:.3f}', '-t', f'{dur:.3f}', '-i', src, '-map', '0:v', '-map', '1:a?']
        cmd += ['-c:a', 'libopus' if ext == 'webm' else 'aac', '-b:a', '64k']
    cmd += vargs + (['-movflags', '+faststart'] if ext == 'mp4' else []) + [out]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for fr in frames:
        if fr.shape[:2] != (h, w):
            fr = cv2.resize(fr, (w, h))
        proc.stdin.write(np.ascontiguousarray(fr, dtype=np.uint8).tobytes())
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError(f'ffmpeg failed writing {out}')
    return out


def seed_of(*parts: str) -> int:
    """A stable 32-bit seed from strings (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.sha256('|'.join(parts).encode()).digest()[:4], 'big')


def rng_for(*parts: str) -> np.random.Generator:
    return np.random.default_rng(seed_of(*parts))


def add_sensor_noise(fr: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Fresh per-frame Gaussian noise (luma plus a little chroma), like a camera's read noise."""
    if sigma <= 0:
        return fr
    h, w = fr.shape[:2]
    noise = rng.standard_normal((h, w, 1), dtype=np.float32) * sigma
    noise = noise + rng.standard_normal((h, w, 3), dtype=np.float32) * (sigma * 0.35)
    return np.clip(fr.astype(np.float32) + noise, 0, 255).astype(np.uint8)
