"""swapnet: a tiny CNN that tells our landmark face swaps from genuine frames, trained on the TUNE half.

  python3 train.py cv    CROPS_TUNE OUT_JSON            leave-sources-out CV within the tune half
  python3 train.py fit   CROPS_TUNE MODEL_PT            train on the whole tune half
  python3 train.py cv2   CROPS_TUNE MORE_TUNE OUT_JSON  v2: CV with more_swaps.py's extra swaps in training
  python3 train.py fit2  CROPS_TUNE MORE_TUNE MODEL_PT  v2 on the whole tune half
  python3 train.py score MODEL_PT CROPS_HALF OUT_JSON   per-frame / per-clip scores of a half
  python3 train.py onnx  MODEL_PT OUT_ONNX              export (opset 13)
  python3 train.py occlude MODEL_PT CROPS_HALF OUT_JSON AUCs with one crop region blurred / mean-filled

Crops come from crops.py (128x128 RGB uint8). Labels: genuine = 0, faceswap / faceswap_lowres = 1.
Group = the target source (the clip name before "__"); a swap and its genuine twin share the target's
frames, so they always fall in the same fold and the model must learn the swap, not the person.
Augmentations are what a camera and codec do: alignment jitter, whole-crop downscale-upscale,
blur, brightness/contrast/gamma, sensor noise, JPEG quality 30-90, mirror.
Debian python3-torch 1.13 (CPU) and python3-opencv.
"""
from __future__ import annotations

import json
import os
import sys
import time

import cv2
import numpy as np
import torch
import torch.nn as nn

SEED = 7
CLASSES = {'genuine': 0, 'faceswap': 1, 'faceswap_lowres': 1}
EPOCHS = int(os.environ.get('SWAPNET_EPOCHS', '12'))
# train on every k-th crop (crops are every 3rd frame already; neighbours are near-duplicates and the
# shared 2-core machine cannot afford more); held-out scoring always uses every crop
TRAIN_EVERY = int(os.environ.get('SWAPNET_TRAIN_EVERY', '2'))
ARCH = os.environ.get('SWAPNET_ARCH', 'global')
torch.set_num_threads(int(os.environ.get('SWAPNET_THREADS', '2')))


class SwapNet(nn.Module):
    """~47k parameters. Input [N,3,128,128] float32 RGB in 0..1; output [N,1] logit (swap).

    The first layer is a 4x4 stride-2 conv (it sees every pixel, so the finest resampling blur is in
    view, at a quarter of the cost of a full-resolution layer)."""

    def __init__(self) -> None:
        super().__init__()
        self.local = ARCH == 'local'
        # 'local' (SWAPNET_ARCH=local): receptive field 16 px (a patch of skin, seam or background),
        # a logit per location averaged over the crop, so the net cannot use a whole face (identity);
        # 'global' (default): the receptive field covers the crop.
        spec = ([(3, 16, 4, 2), (16, 32, 3, 2), (32, 48, 3, 1), (48, 64, 1, 1)] if self.local else
                [(3, 16, 4, 2), (16, 32, 3, 2), (32, 48, 3, 2), (48, 64, 3, 2)])
        layers: list[nn.Module] = []
        for ci, co, k, st in spec:
            layers += [nn.Conv2d(ci, co, k, stride=st, padding=1 if k > 1 else 0, bias=False),
                       nn.BatchNorm2d(co), nn.ReLU(inplace=True)]
        self.features = nn.Sequential(*layers)
        self.head = nn.Conv2d(64, 1, 1) if self.local else nn.Linear(64, 1)

    def logit_map(self, x: torch.Tensor) -> torch.Tensor:
        """local only: [N,1,32,32] logits, one per 4x4-px cell of the crop."""
        return self.head(self.features(x - 0.5))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = self.features(x - 0.5)
        if self.local:
            return self.head(f).mean(dim=(2, 3))
        return self.head(f.mean(dim=(2, 3)))


def load(crops_dir: str):
    xs, ys, groups, clips = [], [], [], []
    for cls, lab in CLASSES.items():
        d = os.path.join(crops_dir, cls)
        for f in sorted(os.listdir(d)):
            z = np.load(os.path.join(d, f))
            n = len(z['crops'])
            if n == 0:
                continue
            xs.append(z['crops'])
            ys += [lab] * n
            groups += [f.split('__')[0]] * n
            clips += [f'{cls}/{f[:-4]}'] * n
    return np.concatenate(xs), np.int64(ys), np.array(groups), np.array(clips)


def augment(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    s = img.shape[0]
    out = img
    if rng.random() < 0.6:  # landmark jitter: small similarity
        ang = rng.uniform(-5, 5)
        sc = rng.uniform(0.94, 1.06)
        m = cv2.getRotationMatrix2D((s / 2, s / 2), ang, sc)
        m[:, 2] += rng.uniform(-3, 3, 2)
        out = cv2.warpAffine(out, m, (s, s), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    if rng.random() < 0.35:  # the whole crop softer: a smaller face or a softer camera
        f = rng.uniform(0.45, 0.9)
        small = cv2.resize(out, (max(8, int(s * f)),) * 2, interpolation=cv2.INTER_AREA)
        out = cv2.resize(small, (s, s), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.25:
        out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.3, 1.2))
    o = out.astype(np.float32)
    if rng.random() < 0.8:
        o = o * rng.uniform(0.75, 1.25) + rng.uniform(-25, 25)
        o = 255 * np.clip(o / 255, 0, 1) ** rng.uniform(0.8, 1.25)
    if rng.random() < 0.35:
        o = o + rng.normal(0, rng.uniform(1, 6), o.shape)
    out = np.clip(o, 0, 255).astype(np.uint8)
    if rng.random() < 0.75:
        ok, buf = cv2.imencode('.jpg', out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(30, 91))])
        out = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
    if rng.random() < 0.5:
        out = out[:, ::-1]
    return out


def to_tensor(batch: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(batch).transpose(0, 3, 1, 2).astype(np.float32) / 255)


def fit(x: np.ndarray, y: np.ndarray, log=print) -> SwapNet:
    x, y = x[::TRAIN_EVERY], y[::TRAIN_EVERY]
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    net = SwapNet()
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-3)
    steps_per_epoch = (len(x) + 63) // 64
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=EPOCHS * steps_per_epoch)
    w = np.where(y == 0, (y == 1).sum() / max(1, (y == 0).sum()), 1.0).astype(np.float32)  # balance
    lossf = nn.BCEWithLogitsLoss(reduction='none')
    for ep in range(EPOCHS):
        net.train()
        perm = rng.permutation(len(x))
        tot = 0.0
        t0 = time.time()
        for b in range(steps_per_epoch):
            ids = perm[b * 64:(b + 1) * 64]
            xb = to_tensor(np.stack([augment(x[i], rng) for i in ids]))
            yb = torch.from_numpy(y[ids].astype(np.float32))[:, None]
            wb = torch.from_numpy(w[ids])[:, None]
            loss = (lossf(net(xb), yb) * wb).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss) * len(ids)
        log(f'  epoch {ep + 1}/{EPOCHS} loss {tot / len(x):.4f} ({time.time() - t0:.0f} s)')
    net.eval()
    return net


@torch.no_grad()
def predict(net: SwapNet, x: np.ndarray) -> np.ndarray:
    net.eval()
    out = [torch.sigmoid(net(to_tensor(x[i:i + 256]))).numpy()[:, 0] for i in range(0, len(x), 256)]
    return np.concatenate(out) if out else np.zeros(0)


# cells (4 px) of the local logit map: the inner face (x 35..93, y 26..102 px) and everything outside
# the hull box (x 21..107, y 10..116 px)
INNER_CELLS = np.zeros((32, 32), bool)
INNER_CELLS[7:25, 9:23] = True
OUTER_CELLS = np.ones((32, 32), bool)
OUTER_CELLS[3:29, 5:27] = False


@torch.no_grad()
def contrast(net: SwapNet, x: np.ndarray) -> np.ndarray:
    """local only: mean logit inside the face minus outside the hull, per crop (the scene's own
    level cancels: a genuine face is judged against its own surround)."""
    net.eval()
    out = []
    for i in range(0, len(x), 256):
        m = net.logit_map(to_tensor(x[i:i + 256])).numpy()[:, 0]
        out.append(m[:, INNER_CELLS].mean(1) - m[:, OUTER_CELLS].mean(1))
    return np.concatenate(out) if out else np.zeros(0)


def auc(neg: np.ndarray, pos: np.ndarray) -> float:
    """P(pos > neg), ties 1/2."""
    if len(neg) == 0 or len(pos) == 0:
        return float('nan')
    a = np.asarray(pos)[:, None]
    b = np.asarray(neg)[None, :]
    return float(((a > b).sum() + 0.5 * (a == b).sum()) / (a.size * b.size))


def clip_table(p: np.ndarray, y: np.ndarray, clips: np.ndarray) -> dict:
    rows = {}
    for c in np.unique(clips):
        m = clips == c
        q = p[m]
        rows[str(c)] = {'label': int(y[m][0]), 'n': int(m.sum()), 'mean': float(q.mean()),
                        'median': float(np.median(q)), 'q75': float(np.quantile(q, 0.75))}
    return rows


def summary(p: np.ndarray, y: np.ndarray, clips: np.ndarray) -> dict:
    rows = clip_table(p, y, clips)
    res = {'frame_auc': auc(p[y == 0], p[y == 1])}
    for kind in ('faceswap', 'faceswap_lowres'):
        m = np.array([c.startswith(kind + '/') for c in clips])
        res[f'frame_auc_{kind}'] = auc(p[y == 0], p[m])
    for agg in ('mean', 'median', 'q75'):
        g = np.array([r[agg] for c, r in rows.items() if r['label'] == 0])
        for kind in ('faceswap', 'faceswap_lowres'):
            s = np.array([r[agg] for c, r in rows.items() if c.startswith(kind + '/')])
            res[f'clip_auc_{agg}_{kind}'] = auc(g, s)
        s = np.array([r[agg] for c, r in rows.items() if r['label'] == 1])
        res[f'clip_auc_{agg}_all'] = auc(g, s)
    res['clips'] = rows
    return res


def cmd_cv(crops: str, out: str) -> None:
    x, y, g, clips = load(crops)
    srcs = sorted(set(g))
    # 4 folds of 2 target sources (sorted by name, alternating so the folds mix camera types)
    folds = [srcs[i::4] for i in range(4)]
    p = np.full(len(x), np.nan, dtype=np.float64)
    for k, held in enumerate(folds):
        te = np.isin(g, held)
        print(f'fold {k + 1}: held out {held} ({te.sum()} crops; train {(~te).sum()})', flush=True)
        net = fit(x[~te], y[~te], log=lambda s: print(s, flush=True))
        p[te] = predict(net, x[te])
        print(f'  fold frame AUC {auc(p[te & (y == 0)], p[te & (y == 1)]):.3f}', flush=True)
    res = summary(p, y, clips)
    res['folds'] = folds
    res['epochs'] = EPOCHS
    json.dump(res, open(out, 'w'), indent=1)
    print(json.dumps({k: v for k, v in res.items() if k != 'clips'}, indent=1))


def load_more(more_dir: str):
    """Extra tune-half swaps from more_swaps.py: crops, target and donor source names."""
    xs, targets, donors = [], [], []
    for f in sorted(os.listdir(more_dir)):
        z = np.load(os.path.join(more_dir, f))
        t, rest = f[:-4].split('__from_')
        xs.append(z['crops'])
        targets += [t.split('__')[0]] * len(z['crops'])
        donors += [rest.split('__')[0]] * len(z['crops'])
    return np.concatenate(xs), np.array(targets), np.array(donors)


def v2_train_set(x, y, g, mx, mt, md, held):
    """v2 training set without the held-out sources (neither as target nor as donor): the suite's
    genuine crops (every 2nd), its swaps (every 4th) and the extra swaps (every 2nd)."""
    keep = ~np.isin(g, held)
    gi = np.flatnonzero(keep & (y == 0))[::2]
    si = np.flatnonzero(keep & (y == 1))[::4]
    mi = np.flatnonzero(~np.isin(mt, held) & ~np.isin(md, held))[::2]
    xt = np.concatenate([x[gi], x[si], mx[mi]])
    yt = np.concatenate([y[gi], y[si], np.ones(len(mi), np.int64)])
    return xt, yt


def cmd_cv2(crops: str, more: str, out: str) -> None:
    """v2: as cv, with the extra swaps (many donors) in training; scored on the suite's clips only."""
    global TRAIN_EVERY
    TRAIN_EVERY = 1
    x, y, g, clips = load(crops)
    mx, mt, md = load_more(more)
    srcs = sorted(set(g))
    folds = [srcs[i::4] for i in range(4)]
    p = np.full(len(x), np.nan, dtype=np.float64)
    pc = np.full(len(x), np.nan, dtype=np.float64)
    for k, held in enumerate(folds):
        te = np.isin(g, held)
        xt, yt = v2_train_set(x, y, g, mx, mt, md, held)
        print(f'fold {k + 1}: held out {held} ({te.sum()} crops; train {len(xt)}, {int((yt == 0).sum())} genuine)',
              flush=True)
        net = fit(xt, yt, log=lambda s: print(s, flush=True))
        p[te] = predict(net, x[te])
        print(f'  fold frame AUC {auc(p[te & (y == 0)], p[te & (y == 1)]):.3f}', flush=True)
        if ARCH == 'local':
            pc[te] = contrast(net, x[te])
            print(f'  fold frame AUC (inside - outside) {auc(pc[te & (y == 0)], pc[te & (y == 1)]):.3f}',
                  flush=True)
    res = summary(p, y, clips)
    res['folds'] = folds
    res['epochs'] = EPOCHS
    if ARCH == 'local':
        res['contrast'] = summary(pc, y, clips)
    json.dump(res, open(out, 'w'), indent=1)
    print(json.dumps({k: v for k, v in res.items() if k not in ('clips', 'contrast')}, indent=1))
    if ARCH == 'local':
        print('inside - outside:', json.dumps({k: v for k, v in res['contrast'].items() if k != 'clips'}, indent=1))


def cmd_fit2(crops: str, more: str, out: str) -> None:
    global TRAIN_EVERY
    TRAIN_EVERY = 1
    x, y, g, _ = load(crops)
    mx, mt, md = load_more(more)
    xt, yt = v2_train_set(x, y, g, mx, mt, md, [])
    net = fit(xt, yt, log=lambda s: print(s, flush=True))
    torch.save(net.state_dict(), out)


def cmd_fit(crops: str, out: str) -> None:
    x, y, _, _ = load(crops)
    net = fit(x, y, log=lambda s: print(s, flush=True))
    torch.save(net.state_dict(), out)


def cmd_score(model: str, crops: str, out: str) -> None:
    net = SwapNet()
    net.load_state_dict(torch.load(model))
    x, y, _, clips = load(crops)
    p = predict(net, x)
    res = summary(p, y, clips)
    if ARCH == 'local':
        res['contrast'] = summary(contrast(net, x), y, clips)
    json.dump(res, open(out, 'w'), indent=1)
    print(json.dumps({k: v for k, v in res.items() if k not in ('clips', 'contrast')}, indent=1))
    if ARCH == 'local':
        print('inside - outside:', json.dumps({k: v for k, v in res['contrast'].items() if k != 'clips'}, indent=1))


REGIONS = {
    # crop template: eye midpoint (64, 44), inter-eye distance 36 px; face hull about x 21..107,
    # y 10..116; the inner face (well inside the hull) about x 35..93, y 26..102
    'inner_face': (35, 93, 26, 102),
    'top_half': (0, 128, 0, 64),
    'bottom_half': (0, 128, 64, 128),
    'image_left_half': (0, 64, 0, 128),
    'image_right_half': (64, 128, 0, 128),
}


def occluded(x: np.ndarray, region: str, fill: str) -> np.ndarray:
    out = x.copy()
    soft = np.stack([cv2.GaussianBlur(c, (0, 0), 4) for c in x]) if fill == 'blur' else None
    mean = x.reshape(len(x), -1, 3).mean(1)[:, None, None, :].astype(np.uint8)
    if region == 'outside_hull':  # everything but the hull box
        keep = np.zeros((128, 128), bool)
        keep[10:116, 21:107] = True
        m = ~keep
    elif region == 'seam_ring':  # hull box minus the inner face
        m = np.zeros((128, 128), bool)
        m[10:116, 21:107] = True
        m[26:102, 35:93] = False
    else:
        x0, x1, y0, y1 = REGIONS[region]
        m = np.zeros((128, 128), bool)
        m[y0:y1, x0:x1] = True
    if fill == 'blur':
        out[:, m] = soft[:, m]
    else:
        out[:, m] = np.broadcast_to(mean, out.shape)[:, m]
    return out


def cmd_occlude(model: str, crops: str, out: str) -> None:
    """Which part of the crop the model needs: AUCs with one region blurred (sigma 4) or mean-filled."""
    net = SwapNet()
    net.load_state_dict(torch.load(model))
    x, y, _, clips = load(crops)
    res = {'none': summary(predict(net, x), y, clips)}
    for fill in ('blur', 'mean'):
        for region in [*REGIONS, 'outside_hull', 'seam_ring']:
            res[f'{fill}:{region}'] = summary(predict(net, occluded(x, region, fill)), y, clips)
    base = np.array([c['mean'] for c in res['none']['clips'].values()])
    for r in res.values():
        m = np.array([c['mean'] for c in r.pop('clips').values()])
        # how much of the clip scores survives the occlusion: correlation and mean shift
        r['clip_corr_with_none'] = float(np.corrcoef(base, m)[0, 1])
        r['clip_mean_shift'] = float((m - base).mean())
    json.dump(res, open(out, 'w'), indent=1)
    for k, r in res.items():
        print(f"{k:24s} frame AUC {r['frame_auc']:.3f}  clip AUC (mean) swap {r['clip_auc_mean_faceswap']:.3f}"
              f" lowres {r['clip_auc_mean_faceswap_lowres']:.3f}  clip corr {r['clip_corr_with_none']:.2f}"
              f" shift {r['clip_mean_shift']:+.2f}")


def cmd_onnx(model: str, out: str) -> None:
    net = SwapNet()
    net.load_state_dict(torch.load(model))
    net.eval()
    torch.onnx.export(net, torch.zeros(1, 3, 128, 128), out, opset_version=13, input_names=['input'],
                      output_names=['logit'], dynamic_axes={'input': {0: 'n'}, 'logit': {0: 'n'}},
                      do_constant_folding=True)
    print('params', sum(p.numel() for p in net.parameters()), 'bytes', os.path.getsize(out))


if __name__ == '__main__':
    {'cv': cmd_cv, 'cv2': cmd_cv2, 'fit': cmd_fit, 'fit2': cmd_fit2, 'score': cmd_score, 'onnx': cmd_onnx, 'occlude': cmd_occlude}[sys.argv[1]](*sys.argv[2:])
