"""swapnet step 1a: MediaPipe landmarks on every STEP-th frame of the eval suite's genuine and
face-swap clips (read only from the suite), saved per clip as .npz (frame index, 478 points in px).

Usage: /work/h-eval/.data/eval-venv/bin/python scripts/models/swapnet/extract.py SUITE_DIR OUT_DIR
SUITE_DIR is a half (…/eval/tune or …/eval/test); OUT_DIR gets <class>/<clip>.npz.
The landmarker runs in VIDEO mode on the frames it is given (as the worker does on its landmark frames).
"""
from __future__ import annotations

import os
import sys

import cv2
import mediapipe as mp
import numpy as np
from mediapipe.tasks.python import BaseOptions, vision

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, '../../../models/face_landmarker.task')
CLASSES = ('genuine', 'faceswap', 'faceswap_lowres')
STEP = 3


def run_clip(path: str, out: str) -> None:
    cap = cv2.VideoCapture(path)
    fps = cap.get(cv2.CAP_PROP_FPS) or 25.0
    opts = vision.FaceLandmarkerOptions(base_options=BaseOptions(model_asset_path=MODEL),
                                        running_mode=vision.RunningMode.VIDEO, num_faces=1)
    idx, pts = [], []
    k = 0
    with vision.FaceLandmarker.create_from_options(opts) as lm:
        while True:
            ok, fr = cap.read()
            if not ok:
                break
            if k % STEP == 0:
                img = mp.Image(image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(fr, cv2.COLOR_BGR2RGB))
                r = lm.detect_for_video(img, int(k * 1000 / fps))
                if r.face_landmarks:
                    h, w = fr.shape[:2]
                    idx.append(k)
                    pts.append(np.float32([[p.x * w, p.y * h] for p in r.face_landmarks[0]]))
            k += 1
    np.savez_compressed(out, idx=np.int32(idx), pts=np.float32(pts).reshape(-1, 478, 2), fps=fps, n=k)
    print(f'{os.path.basename(path)}: {k} frames, {len(idx)} with a face', flush=True)


def main() -> None:
    suite, outdir = sys.argv[1], sys.argv[2]
    for cls in CLASSES:
        os.makedirs(os.path.join(outdir, cls), exist_ok=True)
        for f in sorted(os.listdir(os.path.join(suite, cls))):
            out = os.path.join(outdir, cls, os.path.splitext(f)[0] + '.npz')
            if not os.path.exists(out):
                run_clip(os.path.join(suite, cls, f), out)


if __name__ == '__main__':
    main()
