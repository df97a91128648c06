/**
 * Converts face-api's tfjs FaceRecognitionNet (dlib's ResNet-29 face descriptor, 128-d) into an
 * ONNX graph for onnxruntime-web. Mirrors face-api src/faceRecognitionNet/*.ts op for op:
 * conv + bias + per-channel scale (folded into the conv), 'same' 3x3 convs, 'valid' stride-2
 * down-convs, residual blocks whose shortcut is a 2x2 average pool padded with zero channels.
 * Input `input` [N,3,150,150] float32 = (RGB 0..255 - mean) / 255; output `embedding` [N,128].
 */
import { z } from 'zod';
import { encodeModel, type Initializer, type Node } from './onnx-proto';

const ZWeights = z.array(
  z.object({
    paths: z.array(z.string()),
    weights: z.array(
      z.object({
        name: z.string(),
        shape: z.array(z.number().int().positive()),
        dtype: z.literal('float32'),
        quantization: z
          .object({ dtype: z.literal('uint8'), scale: z.number(), min: z.number() })
          .optional(),
      }),
    ),
  }),
);

type Tensors = Map<string, { shape: number[]; data: Float32Array }>;

/** Decodes a tfjs weights manifest + its single shard (uint8-quantized or float32 entries). */
export function decodeTfjsWeights(manifestJson: unknown, bin: Uint8Array): Tensors {
  const groups = ZWeights.parse(manifestJson);
  const out: Tensors = new Map();
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  let off = 0;
  for (const w of groups.flatMap((g) => g.weights)) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    const q = w.quantization;
    for (let i = 0; i < n; i++) {
      data[i] = q ? (bin[off + i] ?? 0) * q.scale + q.min : view.getFloat32(off + i * 4, true);
    }
    off += q ? n : n * 4;
    out.set(w.name, { shape: w.shape, data });
  }
  if (off !== bin.length) throw new Error(`weights shard has ${bin.length} bytes, manifest ${off}`);
  return out;
}

const MEAN_RGB = [122.782, 117.001, 104.298] as const;
export const FACEREC_INPUT = { size: 150, meanRgb: MEAN_RGB, divisor: 255 } as const;

class Builder {
  nodes: Node[] = [];
  inits: Initializer[] = [];
  private n = 0;
  constructor(private readonly w: Tensors) {}

  private get(name: string): { shape: number[]; data: Float32Array } {
    const t = this.w.get(name);
    if (!t) throw new Error(`missing weight ${name}`);
    return t;
  }

  private tmp(): string {
    return `t${this.n++}`;
  }

  op(op: string, inputs: string[], attrs?: Node['attrs']): string {
    const out = this.tmp();
    this.nodes.push({ op, inputs, outputs: [out], attrs });
    return out;
  }

  /** conv(x) + bias, then * scale + offset: folded into one Conv (weights OIHW). */
  conv(x: string, prefix: string, stride: number, relu: boolean, same: boolean): string {
    const f = this.get(`${prefix}/conv/filters`);
    const b = this.get(`${prefix}/conv/bias`).data;
    const s = this.get(`${prefix}/scale/weights`).data;
    const o = this.get(`${prefix}/scale/biases`).data;
    const [kh = 0, kw = 0, ci = 0, co = 0] = f.shape;
    const wt = new Float32Array(co * ci * kh * kw);
    for (let y = 0; y < kh; y++)
      for (let xx = 0; xx < kw; xx++)
        for (let i = 0; i < ci; i++)
          for (let c = 0; c < co; c++) {
            const src = ((y * kw + xx) * ci + i) * co + c;
            wt[((c * ci + i) * kh + y) * kw + xx] = (f.data[src] ?? 0) * (s[c] ?? 0);
          }
    const bias = Float32Array.from(b, (v, c) => v * (s[c] ?? 0) + (o[c] ?? 0));
    const wName = `${prefix}/W`;
    const bName = `${prefix}/B`;
    this.inits.push({ name: wName, dims: [co, ci, kh, kw], data: wt });
    this.inits.push({ name: bName, dims: [co], data: bias });
    const p = same ? (kh - 1) / 2 : 0;
    const y = this.op(
      'Conv',
      [x, wName, bName],
      [
        { name: 'kernel_shape', ints: [kh, kw] },
        { name: 'strides', ints: [stride, stride] },
        { name: 'pads', ints: [p, p, p, p] },
      ],
    );
    return relu ? this.op('Relu', [y]) : y;
  }

  pad(x: string, pads: number[]): string {
    const name = `pads${this.inits.length}`;
    this.inits.push({ name, dims: [8], data: BigInt64Array.from(pads.map(BigInt)) });
    return this.op('Pad', [x, name]);
  }

  residual(x: string, prefix: string): string {
    const a = this.conv(x, `${prefix}/conv1`, 1, true, true);
    const b = this.conv(a, `${prefix}/conv2`, 1, false, true);
    return this.op('Relu', [this.op('Add', [b, x])]);
  }

  /** Spatial size in → out; channels in → out. */
  residualDown(x: string, prefix: string, hw: number, cin: number, cout: number): [string, number] {
    const a = this.conv(x, `${prefix}/conv1`, 2, true, false);
    let b = this.conv(a, `${prefix}/conv2`, 1, false, true);
    const convHw = Math.floor((hw - 3) / 2) + 1;
    const poolHw = Math.floor(hw / 2);
    let pooled = this.op(
      'AveragePool',
      [x],
      [
        { name: 'kernel_shape', ints: [2, 2] },
        { name: 'strides', ints: [2, 2] },
      ],
    );
    if (convHw !== poolHw) b = this.pad(b, [0, 0, 0, 0, 0, 0, poolHw - convHw, poolHw - convHw]);
    if (cin !== cout) pooled = this.pad(pooled, [0, 0, 0, 0, 0, cout - cin, 0, 0]);
    return [this.op('Relu', [this.op('Add', [pooled, b])]), poolHw];
  }
}

/** The ONNX bytes of the face descriptor network. */
export function faceRecognitionOnnx(w: Tensors): Uint8Array {
  const g = new Builder(w);
  let x = g.conv('input', 'conv32_down', 2, true, false); // 150 -> 72
  x = g.op(
    'MaxPool',
    [x],
    [
      { name: 'kernel_shape', ints: [3, 3] },
      { name: 'strides', ints: [2, 2] },
    ],
  ); // 72 -> 35
  let hw = 35;
  for (const p of ['conv32_1', 'conv32_2', 'conv32_3']) x = g.residual(x, p);
  [x, hw] = g.residualDown(x, 'conv64_down', hw, 32, 64);
  for (const p of ['conv64_1', 'conv64_2', 'conv64_3']) x = g.residual(x, p);
  [x, hw] = g.residualDown(x, 'conv128_down', hw, 64, 128);
  for (const p of ['conv128_1', 'conv128_2']) x = g.residual(x, p);
  [x, hw] = g.residualDown(x, 'conv256_down', hw, 128, 256);
  for (const p of ['conv256_1', 'conv256_2']) x = g.residual(x, p);
  [x, hw] = g.residualDown(x, 'conv256_down_out', hw, 256, 256);
  const pooled = g.op('Flatten', [g.op('GlobalAveragePool', [x])]);
  const fc = w.get('fc');
  if (!fc) throw new Error('missing weight fc');
  g.inits.push({ name: 'fc', dims: fc.shape, data: fc.data });
  g.nodes.push({ op: 'MatMul', inputs: [pooled, 'fc'], outputs: ['embedding'] });
  return encodeModel({
    name: 'face_recognition_dlib_resnet',
    nodes: g.nodes,
    initializers: g.inits,
    input: { name: 'input', dims: ['N', 3, 150, 150] },
    output: { name: 'embedding', dims: ['N', 128] },
    opset: 13,
    producer: 'candor scripts/models/facerec-onnx.ts',
  });
}
