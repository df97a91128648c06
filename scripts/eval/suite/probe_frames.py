"""Every (or every `step`-th) frame of a clip with MediaPipe's 478 landmarks, for the read-only probes.

One decode + landmark loop shared by the probes (probe_eyes, probe_iris_dark, probe_shading,
probe_face_frozen): VIDEO mode on the clip's own timestamps (frame index / fps), one face, our model
file. Yields (k, frame_bgr, points, result): `k` the 0-based frame index, `points` float64 pixel
coordinates (478 x 2) or None when no face was found. Frames skipped by `step` are not yielded.
"""
from __future__ import annotations

from typing import Iterator

import cv2
import mediapipe as mp
import numpy as np
from mediapipe.tasks.python import BaseOptions, vision

from faceswap import model_path


def clip_fps(path: str) -> float:
    cap = cv2.VideoCapture(path)
    fps = cap.get(cv2.CAP_PROP_FPS) or 25.0
    cap.release()
    return fps


def landmarked_frames(path: str, step: int = 1, blendshapes: bool = False) -> Iterator[tuple]:
    cap = cv2.VideoCapture(path)
    fps = cap.get(cv2.CAP_PROP_FPS) or 25.0
    opts = vision.FaceLandmarkerOptions(base_options=BaseOptions(model_asset_path=model_path()),
                                        running_mode=vision.RunningMode.VIDEO, num_faces=1,
                                        output_face_blendshapes=blendshapes)
    try:
        with vision.FaceLandmarker.create_from_options(opts) as lm:
            k = 0
            while True:
                ok, fr = cap.read()
                if not ok:
                    break
                if k % step == 0:
                    h, w = fr.shape[:2]
                    img = mp.Image(image_format=mp.ImageFormat.SRGB,
                                   data=cv2.cvtColor(fr, cv2.COLOR_BGR2RGB))
                    r = lm.detect_for_video(img, int(k * 1000 / fps))
                    p = (np.float64([[q.x * w, q.y * h] for q in r.face_landmarks[0]])
                         if r.face_landmarks else None)
                    yield k, fr, p, r
                k += 1
    finally:
        cap.release()


def faced_frames(path: str) -> Iterator[tuple]:
    """The frames with a face, as (t, frame_bgr, points): `t` = (k + 1) / fps, the time stamp
    probe_iris_dark and probe_shading have always written (the end of the frame)."""
    fps = clip_fps(path)
    for k, fr, p, _r in landmarked_frames(path):
        if p is not None:
            yield (k + 1) / fps, fr, p
