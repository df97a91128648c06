"""Decoded-frame steps of a clip: the mean absolute grey change between adjacent decoded frames,
folded at a period, next to the coded picture types (ffprobe). Shows what an encoder's B-frames do
to a re-timed replay's repeated frames (docs/temporal-signals.md, "Session 11: B-frames").

    python scripts/eval/suite/probe_decoded_steps.py <clip> [--period p] [--show n]

Read-only; needs the suite venv (opencv, numpy) and ffprobe.
"""
import argparse
import subprocess
from collections import Counter

import cv2
import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('clip')
    ap.add_argument('--period', type=int, default=2)
    ap.add_argument('--show', type=int, default=24)
    a = ap.parse_args()
    cap = cv2.VideoCapture(a.clip)
    prev, steps = None, []
    while True:
        ok, fr = cap.read()
        if not ok:
            break
        g = cv2.cvtColor(fr, cv2.COLOR_BGR2GRAY).astype(np.float32)
        if prev is not None:
            steps.append(float(np.mean(np.abs(g - prev))))
        prev = g
    types = subprocess.run(['ffprobe', '-v', 'error', '-select_streams', 'v', '-show_entries',
                            'frame=pict_type', '-of', 'csv=p=0', a.clip],
                           capture_output=True, text=True, check=True).stdout.split()
    s = np.array(steps)
    # step k is frame k+1 against frame k; normalise by a running 1-s median like the engine's fold
    med = np.array([np.median(s[max(0, k - 15):k + 15]) for k in range(len(s))])
    rel = np.minimum(2.0, s / np.maximum(med, 1e-6))
    prof = [float(np.mean(rel[(np.arange(len(rel)) + 1) % a.period == j])) for j in range(a.period)]
    mean = float(np.mean(rel))
    print(f'{a.clip}: {len(steps) + 1} frames; picture types {dict(Counter(types))}; '
          f'first {a.show}: {"".join(types[:a.show])}')
    print('steps', ' '.join(f'{x:.2f}' for x in s[100:100 + a.show]))
    print(f'fold at p {a.period} (each phase / mean, steps relative to the 1-s median):',
          ' '.join(f'{x / mean:.2f}' for x in prof))


if __name__ == '__main__':
    main()
