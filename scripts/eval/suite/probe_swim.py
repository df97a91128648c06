"""Probe (issue 9, session 9): does the inner face swim against its own head in a swap?

A swap renders the donor face at the landmarks the tool found on the target frame; landmark noise
would move the inner face against the hair and ears from frame to frame, which a live head (one
rigid skull) does not. Per consecutive frame pair: phase-correlation shift (cv2.phaseCorrelate,
Hanning window) of an inner-face box (eyes and nose) and of surround boxes at the same place (hair
above the forehead; left and right of the face at ear level); r = inner − surround. Per clip: n,
RMS and median of |r| (% of face width), lag-1 autocorrelation of r, and the RMS of the cumulative
relative position minus its 7-frame running median (% of face width; "hp").

Result (tune half, 8 genuine clips and their 16 swaps, docs/face-swap-signals.md): no separation;
MediaPipe's landmark noise is far below a talking head's own motion.

Usage (from scripts/eval/suite, with the suite's venv): ../../../.data/eval-venv/bin/python probe_swim.py CLIP...
"""
import sys, os, glob
import numpy as np, cv2
from probe_frames import landmarked_frames

INNER = [33,133,263,362,1,4,6,168,98,327,50,280,159,386,145,374]

def box_shift(a, b, box):
    x0,y0,x1,y1 = [int(round(v)) for v in box]
    h,w = a.shape
    x0,y0,x1,y1 = max(0,x0),max(0,y0),min(w,x1),min(h,y1)
    if x1-x0 < 16 or y1-y0 < 16: return None
    pa, pb = a[y0:y1,x0:x1], b[y0:y1,x0:x1]
    if pa.std() < 2: return None
    win = cv2.createHanningWindow((x1-x0,y1-y0), cv2.CV_32F)
    (dx,dy), resp = cv2.phaseCorrelate(pa, pb, win)
    if resp < 0.05 or abs(dx) > 8 or abs(dy) > 8: return None
    return np.array([dx,dy])

def clip_stats(path):
    prev = None
    rows = []
    for k, fr, p, _ in landmarked_frames(path):
        g = cv2.cvtColor(fr, cv2.COLOR_BGR2GRAY).astype(np.float32)
        if prev is not None and prev[1] is not None:
            pg, pp = prev
            xs, ys = pp[:,0], pp[:,1]
            fw = xs.max()-xs.min(); fh = ys.max()-ys.min()
            ip = pp[INNER]
            ib = (ip[:,0].min()-0.05*fw, ip[:,1].min()-0.05*fh, ip[:,0].max()+0.05*fw, ip[:,1].max()+0.02*fh)
            top = pp[10]
            tb = (top[0]-0.3*fw, top[1]-0.35*fh, top[0]+0.3*fw, top[1]-0.03*fh)
            l, r = pp[234], pp[454]
            lb = (l[0]-0.3*fw, l[1]-0.2*fh, l[0]-0.02*fw, l[1]+0.2*fh)
            rb = (r[0]+0.02*fw, r[1]-0.2*fh, r[0]+0.3*fw, r[1]+0.2*fh)
            si = box_shift(pg, g, ib)
            st = box_shift(pg, g, tb)
            sl = box_shift(pg, g, lb); sr = box_shift(pg, g, rb)
            rows.append((k, fw, si, st, sl, sr))
        prev = (g, p)
    return rows

def summarise(rows):
    out = {}
    fw = np.median([r[1] for r in rows]) if rows else 0
    out['fw'] = fw
    for name, j in (('top',3),('side',None)):
        res = []
        for r in rows:
            si = r[2]
            if si is None: res.append(None); continue
            if j is None:
                ss = [s for s in (r[4], r[5]) if s is not None]
                if not ss: res.append(None); continue
                s = np.mean(ss, axis=0)
            else:
                s = r[j]
                if s is None: res.append(None); continue
            res.append(si - s)
        v = np.array([x for x in res if x is not None])
        if len(v) < 20:
            out[name] = None; continue
        # lag-1 products over consecutive valid pairs
        prods = [np.dot(res[i], res[i-1]) for i in range(1,len(res)) if res[i] is not None and res[i-1] is not None]
        rms = np.sqrt(np.mean(np.sum(v**2,1)))
        mad = np.median(np.linalg.norm(v,axis=1))
        lag1 = np.mean(prods)/np.mean(np.sum(v**2,1))
        # position track: cumulative relative shift, high-passed (minus 7-frame running median)
        pos = np.cumsum(v, axis=0)
        pad = np.pad(pos, ((3,3),(0,0)), mode='edge')
        sm = np.stack([np.median(pad[i:i+7],0) for i in range(len(pos))])
        hp = np.sqrt(np.mean(np.sum((pos-sm)**2,1)))
        out[name] = (len(v), rms/fw*100, mad/fw*100, lag1, hp/fw*100)
    inner = np.array([r[2] for r in rows if r[2] is not None])
    out['inner_rms'] = np.sqrt(np.mean(np.sum(inner**2,1)))/fw*100 if len(inner) else None
    return out

if __name__ == '__main__':
    for path in sys.argv[1:]:
        rows = clip_stats(path)
        s = summarise(rows)
        def f(t): return 'NA' if t is None else ' '.join(f'{x:.3f}' if isinstance(x,float) else str(x) for x in t)
        cls = os.path.basename(os.path.dirname(path))
        print(f"{cls}\t{os.path.basename(path)[:60]}\tfw={s['fw']:.0f}\tinner={s['inner_rms'] or 0:.3f}\tTOP n rms% mad% lag1 hp%: {f(s['top'])}\tSIDE: {f(s['side'])}", flush=True)
