"""Builds Candor's own evaluation suite: <out>/{tune,test}/<class>/<clip>.

Split rule: every genuine SOURCE file goes to one half (sources sorted by sha256 of their file name,
then alternated), and every clip made from it (genuine segments, attacks, and swaps where it is
the target or the donor) goes to the same half. Deterministic: same inputs, same suite.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import shutil
import sys
import time

import attacks
from clipio import Clip, duration_s, read_segment, rng_for, write_clip

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '../../..'))
MEDIA = os.path.abspath(os.path.join(ROOT, os.environ.get('CANDOR_MEDIA_DIR', '../shared/media')))
GENUINE_GLOBS = [f'{MEDIA}/genuine/*', f'{MEDIA}/calibration/genuine/*']
EXTERNAL_GLOB = f'{MEDIA}/calibration/synthetic/*'
SIMPLE = ['genuine', 'loop', 'freeze_noise', 'retimed', 'photo', 'screen', 'screen_grid']
SWAPS = ['faceswap', 'faceswap_lowres']
ANIMATED = ['animated_portrait']
ALL = SIMPLE + SWAPS + ANIMATED + ['synthetic_external']
VIDEO_EXT = ('.mp4', '.webm', '.mov', '.mkv', '.avi', '.mjpeg')


def stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def find_sources(globs: list[str]) -> list[str]:
    files = sorted({f for g in globs for f in glob.glob(g) if f.lower().endswith(VIDEO_EXT)})
    if not files:
        sys.exit(f'no genuine footage found under {globs}')
    return files


def split(sources: list[str]) -> dict[str, list[str]]:
    """Alternate sources, ordered by sha256 of their base name, into tune and test."""
    order = sorted(sources, key=lambda p: hashlib.sha256(os.path.basename(p).encode()).hexdigest())
    return {'tune': order[0::2], 'test': order[1::2]}


CLIP_S = 12.5  # every clip this long where the source allows (a PASS needs 10 s of face)


def genuine_segments(path: str) -> list[tuple[float, float]]:
    """Up to three non-overlapping CLIP_S segments, evenly spread over the source; a source shorter
    than CLIP_S gives one clip of its whole length (flagged `short` in the manifest)."""
    d = duration_s(path)
    n = max(1, min(3, int(d // CLIP_S)))
    return [(round(i * d / n, 2), min(CLIP_S, d / n - 0.05)) for i in range(n)]


class Suite:
    def __init__(self, out: str):
        self.out = out
        self.manifest_path = os.path.join(out, 'manifest.json')
        self.manifest: dict[str, dict] = {}
        if os.path.exists(self.manifest_path):
            with open(self.manifest_path) as f:
                self.manifest = json.load(f)

    def reset_class(self, half: str, cls: str) -> str:
        d = os.path.join(self.out, half, cls)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        self.manifest = {k: v for k, v in self.manifest.items() if not k.startswith(f'{half}/{cls}/')}
        return d

    def add(self, written: str, meta: dict) -> None:
        rel = os.path.relpath(written, self.out)
        self.manifest[rel] = meta
        print(f'  {rel}', flush=True)

    def save(self) -> None:
        with open(self.manifest_path, 'w') as f:
            json.dump(dict(sorted(self.manifest.items())), f, indent=1)


def make_simple(suite: Suite, half: str, sources: list[str], classes: list[str]) -> None:
    dirs = {c: suite.reset_class(half, c) for c in classes}
    for i, src in enumerate(sources):
        name = stem(src)
        if 'genuine' in dirs:
            for j, (start, dur) in enumerate(genuine_segments(src)):
                c = read_segment(src, name, start, dur)
                base = os.path.join(dirs['genuine'], f'{name}__s{j}')
                audio = (src, start, dur) if c.has_audio else None
                meta = {'source': name, 'startS': start, 'durS': round(len(c.frames) / c.fps, 2)}
                if len(c.frames) / c.fps < 12.0:
                    meta['short'] = True
                suite.add(write_clip(base, c.frames, c.fps, 'h264', audio), meta)
        if set(dirs) - {'genuine'}:
            make_attacks(suite, dirs, i, read_segment(src, name, 0.0, CLIP_S))


def make_attacks(suite: Suite, dirs: dict[str, str], i: int, c: Clip) -> None:
    def emit(cls: str, tag: str, res, codec: str = 'h264', audio=None) -> None:
        frames, fps, params = res
        out = write_clip(os.path.join(dirs[cls], f'{c.name}__{tag}'), frames, fps, codec, audio)
        suite.add(out, {'source': c.name, **params, 'codec': codec, 'durS': round(len(frames) / fps, 2)})

    T = CLIP_S
    if 'loop' in dirs:
        v = ['cut', 'pingpong'][i % 2]
        emit('loop', v, attacks.loop(c, rng_for(c.name, 'loop'), v, T))
    if 'freeze_noise' in dirs:
        sigma, codec = attacks.NOISE_LEVELS[i % 3], attacks.FREEZE_CODECS[i % 4]
        fps = [30.0, 25.0][i % 2]
        jitter = [0.0, 0.35][(i // 2) % 2]  # slight global sub-pixel jitter (a hand-held or vibrating rig)
        tag = f'sigma{sigma}_{codec}' + (f'_jitter{jitter}' if jitter else '')
        emit('freeze_noise', tag, attacks.freeze_noise(c, rng_for(c.name, 'freeze'), sigma, fps, T, jitter), codec)
    if 'retimed' in dirs:
        target = 60.0 if c.fps >= 29 else [30.0, 60.0][i % 2]
        codec = attacks.RETIME_CODECS[i % len(attacks.RETIME_CODECS)]
        res = attacks.retimed(c, target, T)
        # a short recording is replayed from its start again to fill the call (audio only for the first pass)
        dur = min(T, len(c.frames) / c.fps)
        emit('retimed', f'to{int(target)}_{codec}', res, codec,
             audio=(c.path, c.start_s, dur) if c.has_audio else None)
    if 'photo' in dirs:
        v = attacks.PHOTO_VARIANTS[i % len(attacks.PHOTO_VARIANTS)]
        emit('photo', v, attacks.photo(c, rng_for(c.name, 'photo'), v, total_s=T))
    if 'screen' in dirs:
        v = ['video', 'still'][i % 2]
        emit('screen', v, attacks.screen(c, rng_for(c.name, 'screen'), v, total_s=T))
    if 'screen_grid' in dirs:
        v = ['video', 'still'][i % 2]
        emit('screen_grid', v, attacks.screen_grid(c, rng_for(c.name, 'screen_grid'), v, total_s=T))


def copy_external(suite: Suite, half: str) -> None:
    d = suite.reset_class(half, 'synthetic_external')
    for f in sorted(glob.glob(EXTERNAL_GLOB)):
        dst = os.path.join(d, os.path.basename(f))
        shutil.copyfile(f, dst)
        suite.add(dst, {'source': stem(f), 'external': True})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--out', default='.data/eval')
    ap.add_argument('--classes', default=','.join(ALL), help=f'comma list of {ALL}')
    args = ap.parse_args()
    classes = [c for c in args.classes.split(',') if c]
    unknown = set(classes) - set(ALL)
    if unknown:
        sys.exit(f'unknown classes {sorted(unknown)}; known: {ALL}')
    halves = split(find_sources(GENUINE_GLOBS))
    suite = Suite(args.out)
    t0 = time.time()
    for half, sources in halves.items():
        print(f'[{half}] sources: {", ".join(stem(s) for s in sources)}', flush=True)
        simple = [c for c in classes if c in SIMPLE]
        if simple:
            make_simple(suite, half, sources, simple)
        swaps = [c for c in classes if c in SWAPS]
        if swaps:
            import faceswap  # heavier imports (MediaPipe) only when swaps are asked for

            faceswap.make_swaps(suite, half, sources, swaps)
        if 'animated_portrait' in classes:
            import animate  # MediaPipe too

            animate.make_animated(suite, half, sources)
        if 'synthetic_external' in classes:
            copy_external(suite, half)
        suite.save()
    with open(os.path.join(args.out, 'split.json'), 'w') as f:
        json.dump({h: [os.path.basename(s) for s in v] for h, v in halves.items()}, f, indent=1)
    print(f'suite written to {args.out} in {time.time() - t0:.0f} s')


if __name__ == '__main__':
    main()
