"""Probe (issue 9, session 9): a 2-D warp of one picture cannot occlude.

A swap or an animated portrait moves one still picture with a landmark-driven warp; a real head that
turns hides and uncovers cheek behind the nose. Warp frame A onto frame B's landmarks (the same
piecewise-affine warp over the Delaunay triangulation the suite's swaps use) and compare the error
near the nose with the error on the forehead, against the yaw difference of A and B (nose offset
from the middle of the face contour, in face widths). 40 pairs with the largest yaw difference plus
40 random pairs per clip, every 2nd frame.

Result (tune half: genuine, faceswap, faceswap_lowres, animated_portrait): no separation; the
nose-minus-forehead slope ranges −26…+29 on genuine clips and −72…+46 on attacks.

Usage (from scripts/eval/suite, with the suite's venv): ../../../.data/eval-venv/bin/python probe_occl.py CLIP...
"""
import sys, os
import numpy as np, cv2
from probe_frames import landmarked_frames, clip_fps
from faceswap import SUBSET, triangles, warp_face, OVAL

NOSE = [1, 2, 4, 5, 6, 19, 45, 275, 48, 278, 49, 279, 64, 294, 98, 327, 102, 331, 115, 344, 129, 358, 131, 360, 134, 363, 197, 195, 168, 218, 438, 220, 440, 236, 456]
REF = [10, 109, 338, 67, 297, 151, 9, 108, 337, 69, 299, 104, 333]  # forehead

def yaw_ratio(p):
    fw = p[454, 0] - p[234, 0]
    return (p[1, 0] - (p[234, 0] + p[454, 0]) / 2) / max(1.0, abs(fw))

def region_mask(pts, idx, size, grow):
    w, h = size
    m = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(m, cv2.convexHull(np.int32(np.round(pts[idx]))), 255)
    if grow > 0:
        m = cv2.dilate(m, np.ones((grow, grow), np.uint8))
    return m > 0

def main(path):
    fps = clip_fps(path)
    step = 2
    fr = [(k, cv2.cvtColor(f, cv2.COLOR_BGR2GRAY).astype(np.float32), p) for k, f, p, _ in landmarked_frames(path, step=step) if p is not None]
    if len(fr) < 20:
        return None
    ys = np.array([yaw_ratio(p) for _, _, p in fr])
    rng = np.random.default_rng(0)
    idx = [(i, j) for i in range(len(fr)) for j in range(i + 1, len(fr)) if (fr[j][0] - fr[i][0]) / fps >= 0.3]
    rng.shuffle(idx)
    # balanced: half pairs with the largest yaw difference, half random
    big = sorted(idx, key=lambda ij: -abs(ys[ij[0]] - ys[ij[1]]))[:40]
    sel = big + idx[:40]
    rows = []
    for i, j in sel:
        (ka, A, pa), (kb, B, pb) = fr[i], fr[j]
        h, w = B.shape
        fw = pb[454, 0] - pb[234, 0]
        if fw < 60:
            continue
        tris = triangles(np.float32(pa[SUBSET]))
        pred = warp_face(A[..., None].repeat(3, 2), np.float32(pa[SUBSET]), tris, np.float32(pb[SUBSET]), (w, h))[..., 0]
        face = region_mask(pb, OVAL, (w, h), 0)
        covered = face & (pred > 0)
        if covered.sum() < 500:
            continue
        # match global gain/offset inside the face
        a, b = pred[covered], B[covered]
        pn = (pred - a.mean()) / (a.std() + 1e-3) * b.std() + b.mean()
        err = np.abs(cv2.GaussianBlur(pn, (0, 0), 1.0) - cv2.GaussianBlur(B, (0, 0), 1.0))
        nose = region_mask(pb, NOSE, (w, h), int(0.04 * fw)) & covered
        ref = region_mask(pb, REF, (w, h), 0) & covered
        if nose.sum() < 50 or ref.sum() < 50:
            continue
        rows.append((abs(ys[i] - ys[j]), err[nose].mean(), err[ref].mean()))
    if len(rows) < 10:
        return None
    r = np.array(rows)
    d = r[:, 1] - r[:, 2]
    slope = float((r[:, 0] * d).sum() / (r[:, 0] ** 2).sum())
    bigm = r[:, 0] >= np.percentile(r[:, 0], 75)
    return dict(n=len(r), dyaw_max=r[:, 0].max(), dyaw_q75=np.percentile(r[:, 0], 75), slope=slope,
                nose_big=r[bigm, 1].mean(), ref_big=r[bigm, 2].mean(), nose_small=r[~bigm, 1].mean(), ref_small=r[~bigm, 2].mean())

if __name__ == '__main__':
    for path in sys.argv[1:]:
        s = main(path)
        cls = os.path.basename(os.path.dirname(path))
        name = os.path.basename(path)[:58]
        if s is None:
            print(f'{cls:18s} {name:58s} NA', flush=True)
        else:
            print(f"{cls:18s} {name:58s} n {s['n']:3d} dyaw q75 {s['dyaw_q75']:.3f} max {s['dyaw_max']:.3f} slope {s['slope']:7.1f}  big: nose {s['nose_big']:.2f} ref {s['ref_big']:.2f}  small: nose {s['nose_small']:.2f} ref {s['ref_small']:.2f}", flush=True)
