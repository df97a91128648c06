/**
 * Models produced at install time from an npm package's files (sha256-verified inputs, a
 * deterministic conversion, then the output's sha256 is verified by the caller against the
 * manifest). Today: face-api's tfjs FaceRecognitionNet → ONNX.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeTfjsWeights, faceRecognitionOnnx } from './facerec-onnx';

const CONVERTERS: Record<string, (files: Map<string, Buffer>) => Uint8Array> = {
  'face-recognition': (files) => {
    const manifest: unknown = JSON.parse(
      (files.get('model/face_recognition_model-weights_manifest.json') ?? '').toString('utf8'),
    );
    const bin = files.get('model/face_recognition_model.bin');
    if (!bin) throw new Error('face_recognition_model.bin not listed');
    return faceRecognitionOnnx(decodeTfjsWeights(manifest, new Uint8Array(bin)));
  },
};

export function deriveModel(
  name: string,
  from: { package: string; files: Record<string, string> },
  root: string,
): Uint8Array {
  const convert = CONVERTERS[name];
  if (!convert) throw new Error(`no converter for model ${name}`);
  const files = new Map<string, Buffer>();
  for (const [rel, want] of Object.entries(from.files)) {
    const file = path.join(root, 'node_modules', from.package, rel);
    const buf = readFileSync(file);
    const got = createHash('sha256').update(buf).digest('hex');
    if (got !== want) throw new Error(`sha256 mismatch for ${from.package}/${rel}: got ${got}`);
    files.set(rel, buf);
  }
  return convert(files);
}
