/**
 * ffmpeg/ffprobe side of the file harness: normalise any input (mp4, webm, mjpeg, y4m, png, jpg)
 * to a stream of raw RGBA frames (max 640 px wide, native frame rate, every frame, with its own
 * timestamp) and to a mono loudness envelope on the same clock.
 */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { basename, extname } from 'node:path';
import type { AudioEnvelope } from '../../lib/analysis/types';

const run = promisify(execFile);
export const MAX_WIDTH = 640;
const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.bmp', '.webp']);
/** Raw streams without container timing: rate from the name (".._15fps.mjpeg") or --fps. */
const RAW_EXT = new Set(['.mjpeg', '.mjpg']);

export interface MediaProbe {
  file: string;
  isImage: boolean;
  width: number;
  height: number;
  outW: number;
  outH: number;
  /** per-frame ms on the file's clock, first frame at 0, strictly increasing */
  frameTimes: number[];
  fps: number;
  /** extra ffmpeg input options (raw streams need their rate) */
  inputArgs: string[];
  audio: { startMs: number } | null;
}

interface FfStream {
  codec_type?: string;
  width?: number;
  height?: number;
  start_time?: string;
  avg_frame_rate?: string;
}

function rateOf(s: string | undefined): number {
  const [n, d] = (s ?? '0/1').split('/').map(Number);
  return n && d ? n / d : 0;
}

export function rawRateFromName(file: string): number | null {
  const m = /(\d+(?:\.\d+)?)fps/i.exec(basename(file));
  return m?.[1] ? Number(m[1]) : null;
}

/** Strictly increasing ms timestamps starting at 0 (VFR duplicates are nudged by 1 ms). */
function normaliseTimes(secs: number[]): number[] {
  const first = secs[0] ?? 0;
  const out: number[] = [];
  for (const s of secs) {
    const t = Math.round((s - first) * 1e6) / 1e3;
    const prev = out[out.length - 1];
    out.push(prev !== undefined && t <= prev ? prev + 1 : t);
  }
  return out;
}

export async function probeMedia(
  file: string,
  opts: { fps?: number; maxWidth?: number } = {},
): Promise<MediaProbe> {
  const ext = extname(file).toLowerCase();
  const isImage = IMAGE_EXT.has(ext);
  const rawRate = RAW_EXT.has(ext) ? (opts.fps ?? rawRateFromName(file) ?? 25) : opts.fps;
  const inputArgs = rawRate && !isImage ? ['-framerate', String(rawRate)] : [];
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    ...inputArgs,
    '-print_format',
    'json',
    '-show_streams',
    file,
  ]);
  const streams = (JSON.parse(stdout) as { streams?: FfStream[] }).streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video');
  if (!video?.width || !video.height) throw new Error(`${file}: no video stream`);
  const outW = Math.min(opts.maxWidth ?? MAX_WIDTH, video.width - (video.width % 2));
  const outH = Math.max(2, Math.round((video.height * outW) / video.width / 2) * 2);
  let secs = [0];
  if (!isImage) {
    const r = await run(
      'ffprobe',
      [
        '-v',
        'error',
        ...inputArgs,
        '-select_streams',
        'v:0',
        '-show_entries',
        'frame=best_effort_timestamp_time',
        '-of',
        'csv=p=0',
        file,
      ],
      { maxBuffer: 64 << 20 },
    );
    const fps = rawRate ?? (rateOf(video.avg_frame_rate) || 25);
    secs = r.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l, i) => {
        const v = Number(l.split(',')[0]);
        return Number.isFinite(v) ? v : i / fps;
      });
  }
  const frameTimes = normaliseTimes(secs);
  const span = (frameTimes[frameTimes.length - 1] ?? 0) / 1000;
  const fps = frameTimes.length > 1 && span > 0 ? (frameTimes.length - 1) / span : 0;
  const a = streams.find((s) => s.codec_type === 'audio');
  // Audio is placed on the frames' clock: 0 = the first video frame's timestamp.
  const videoStart = secs[0] ?? (Number(video.start_time ?? 0) || 0);
  const audio =
    a && !isImage ? { startMs: ((Number(a.start_time ?? 0) || 0) - videoStart) * 1000 } : null;
  return {
    file,
    isImage,
    width: video.width,
    height: video.height,
    outW,
    outH,
    frameTimes,
    fps,
    inputArgs,
    audio,
  };
}

/** Most terms a select expression may have before the frames are picked in Node instead. */
const MAX_SELECT_TERMS = 256;

/**
 * An ffmpeg `select` expression keeping exactly the frames at `keep` (strictly increasing
 * indices into the decoded frames): runs of a constant step become one
 * `between(n,a,b)*not(mod(n-a,step))` term. Null when that takes more than MAX_SELECT_TERMS
 * terms (an irregular variable-rate file): the caller then drops frames after decoding.
 */
export function selectExpression(keep: readonly number[]): string | null {
  const terms: string[] = [];
  let i = 0;
  while (i < keep.length) {
    const a = keep[i]!;
    const next = keep[i + 1];
    if (next === undefined) {
      terms.push(`eq(n,${a})`);
      break;
    }
    const step = next - a;
    let j = i + 1;
    while (j + 1 < keep.length && keep[j + 1]! - keep[j]! === step) j++;
    const b = keep[j]!;
    terms.push(
      step === 1 ? `between(n,${a},${b})` : `between(n,${a},${b})*not(mod(n-${a},${step}))`,
    );
    if (terms.length > MAX_SELECT_TERMS) return null;
    i = j + 1;
  }
  return terms.length ? terms.join('+') : null;
}

/**
 * Pixel layout of the frames handed to the page: `rgba` (4 bytes per pixel, what an ImageData
 * takes) or `i420` (planar YUV 4:2:0, 1.5 bytes per pixel: what the decoder produced, 2.7× fewer
 * bytes to pipe, serve and copy; the page wraps it in a VideoFrame and the engine's worker converts
 * it to RGB, as it does with a live room's VideoFrames).
 */
export type FrameFormat = 'rgba' | 'i420';

export function frameBytes(p: Pick<MediaProbe, 'outW' | 'outH'>, format: FrameFormat): number {
  return format === 'rgba' ? p.outW * p.outH * 4 : (p.outW * p.outH * 3) / 2;
}

/**
 * The decoded frames as RGBA at outW x outH, in order, pulled lazily (ffmpeg is paused meanwhile):
 * every frame, or only the frames at `keep` (indices into p.frameTimes). ffmpeg must decode every
 * frame of an inter-coded stream, but with `keep` it scales, converts and pipes only the kept ones
 * (half the conversion and transfer at 30 → 15 fps); the bytes are the same as picking them here.
 */
export function rgbaFrames(
  p: MediaProbe,
  keep?: readonly number[],
  opts: { convertAll?: boolean } = {},
): AsyncGenerator<Buffer> {
  return rawFrames(p, keep, { ...opts, format: 'rgba' });
}

/** rgbaFrames in either FrameFormat (outW and outH are even, so I420's chroma planes are whole). */
export async function* rawFrames(
  p: MediaProbe,
  keep?: readonly number[],
  opts: { convertAll?: boolean; format?: FrameFormat } = {},
): AsyncGenerator<Buffer> {
  const format = opts.format ?? 'rgba';
  const pixFmt = format === 'rgba' ? 'rgba' : 'yuv420p';
  const select =
    keep && keep.length < p.frameTimes.length && !opts.convertAll ? selectExpression(keep) : null;
  const scale = `scale=${p.outW}:${p.outH}:flags=area,format=${pixFmt}`;
  // With a select, ffmpeg stops once the last kept frame is out (a first part of a split file
  // need not decode the rest).
  const frames = spawnRaw(
    p,
    select ? `select='${select}',${scale}` : scale,
    format,
    select && keep ? keep.length : undefined,
  );
  if (!keep || select || keep.length === p.frameTimes.length) {
    yield* frames;
    return;
  }
  const wanted = new Set(keep);
  let i = 0;
  try {
    for await (const f of frames) if (wanted.has(i++)) yield f;
  } finally {
    await frames.return(undefined);
  }
}

async function* spawnRaw(
  p: MediaProbe,
  filter: string,
  format: FrameFormat,
  maxFrames?: number,
): AsyncGenerator<Buffer> {
  const args = [
    '-v',
    'error',
    ...p.inputArgs,
    '-i',
    p.file,
    '-map',
    '0:v:0',
    '-vf',
    filter,
    '-fps_mode',
    'passthrough',
    ...(p.isImage ? ['-frames:v', '1'] : maxFrames ? ['-frames:v', String(maxFrames)] : []),
    '-f',
    'rawvideo',
    '-pix_fmt',
    format === 'rgba' ? 'rgba' : 'yuv420p',
    'pipe:1',
  ];
  const proc = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const size = frameBytes(p, format);
  let pending: Buffer[] = [];
  let have = 0;
  try {
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      have += chunk.length;
      while (have >= size) {
        const all = Buffer.concat(pending);
        yield all.subarray(0, size);
        pending = [all.subarray(size)];
        have -= size;
      }
    }
  } finally {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
  if (err.trim()) process.stderr.write(`ffmpeg: ${err.trim()}\n`);
}

/** Mono RMS envelope (0..1) at `rate` steps per second, or null when the file has no audio. */
export async function audioEnvelope(p: MediaProbe, rate = 50): Promise<AudioEnvelope | null> {
  if (!p.audio) return null;
  const sr = 16000;
  const { stdout } = await run(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      p.file,
      '-map',
      '0:a:0',
      '-ac',
      '1',
      '-ar',
      String(sr),
      '-f',
      's16le',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: 1 << 30 },
  );
  const samples = new Int16Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.length / 2));
  const step = Math.round(sr / rate);
  const rms: number[] = [];
  for (let i = 0; i + step <= samples.length; i += step) {
    let sum = 0;
    for (let k = i; k < i + step; k++) {
      const v = (samples[k] ?? 0) / 32768;
      sum += v * v;
    }
    rms.push(Math.round(Math.sqrt(sum / step) * 1e5) / 1e5);
  }
  return { t0: Math.round(p.audio.startMs * 1000) / 1000, rate, rms };
}
