/**
 * A minimal ONNX protobuf writer: just the messages a plain feed-forward graph needs
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto). Field numbers
 * follow onnx/onnx.proto. Deterministic: the same graph always encodes to the same bytes.
 */

type Field = Uint8Array;

function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const tag = (field: number, wire: number): number[] => varint((field << 3) | wire);
export const fInt = (field: number, v: number | bigint): Field =>
  Uint8Array.from([...tag(field, 0), ...varint(v)]);
export const fBytes = (field: number, bytes: Uint8Array): Field =>
  concat([Uint8Array.from([...tag(field, 2), ...varint(bytes.length)]), bytes]);
export const fStr = (field: number, s: string): Field => fBytes(field, new TextEncoder().encode(s));
export const fMsg = (field: number, parts: Field[]): Field => fBytes(field, concat(parts));
const fFloat = (field: number, v: number): Field => {
  const b = new Uint8Array(5);
  b[0] = (field << 3) | 5;
  new DataView(b.buffer).setFloat32(1, v, true);
  return b;
};

export type Attr =
  | { name: string; ints: number[] }
  | { name: string; int: number }
  | { name: string; float: number }
  | { name: string; str: string };

function attribute(a: Attr): Field {
  const parts: Field[] = [fStr(1, a.name)];
  if ('ints' in a) {
    for (const v of a.ints) parts.push(fInt(8, v));
    parts.push(fInt(20, 7));
  } else if ('int' in a) parts.push(fInt(3, a.int), fInt(20, 2));
  else if ('float' in a) parts.push(fFloat(2, a.float), fInt(20, 1));
  else parts.push(fStr(4, a.str), fInt(20, 3));
  return fMsg(5, parts);
}

export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Attr[];
}

function node(n: Node, i: number): Field {
  return fMsg(1, [
    ...n.inputs.map((s) => fStr(1, s)),
    ...n.outputs.map((s) => fStr(2, s)),
    fStr(3, `${n.op}_${i}`),
    fStr(4, n.op),
    ...(n.attrs ?? []).map(attribute),
  ]);
}

export interface Initializer {
  name: string;
  dims: number[];
  /** float32 (data type 1) or int64 (data type 7) */
  data: Float32Array | BigInt64Array;
}

function initializer(t: Initializer): Field {
  const isF = t.data instanceof Float32Array;
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return fMsg(5, [
    ...t.dims.map((d) => fInt(1, d)),
    fInt(2, isF ? 1 : 7),
    fStr(8, t.name),
    fBytes(9, raw),
  ]);
}

function valueInfo(field: number, name: string, dims: (number | string)[]): Field {
  const dimMsgs = dims.map((d) => fMsg(1, [typeof d === 'number' ? fInt(1, d) : fStr(2, d)]));
  const tensorType = fMsg(1, [fInt(1, 1), fMsg(2, dimMsgs)]);
  return fMsg(field, [fStr(1, name), fMsg(2, [tensorType])]);
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Initializer[];
  input: { name: string; dims: (number | string)[] };
  output: { name: string; dims: (number | string)[] };
  opset: number;
  producer: string;
}

/** Encodes a ModelProto (IR version 7) with the default-domain opset given. */
export function encodeModel(g: Graph): Uint8Array {
  const graph = fMsg(7, [
    ...g.nodes.map(node),
    fStr(2, g.name),
    ...g.initializers.map(initializer),
    valueInfo(11, g.input.name, g.input.dims),
    valueInfo(12, g.output.name, g.output.dims),
  ]);
  return concat([fInt(1, 7), fStr(2, g.producer), graph, fMsg(8, [fStr(1, ''), fInt(2, g.opset)])]);
}
