/**
 * Copies the browser engine's runtime assets onto our own origin (nothing is fetched from a CDN):
 *   node_modules/@mediapipe/tasks-vision/wasm/*  → public/vendor/mediapipe/
 *   onnxruntime-web wasm backend files           → public/vendor/ort/
 *   models/ (installed + sha256-verified)         → public/models/
 * Usage: npx tsx scripts/assets/copy-vendor.ts
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The model files the worker loads; the install script owns their checksums. */
export const REQUIRED_MODELS = [
  'face_landmarker.task',
  'minifasnet_v2_80x80_scale2.7.onnx',
  'minifasnet_v1se_80x80_scale4.0.onnx',
  'meso4_df.onnx',
  'face_recognition_dlib.onnx',
] as const;

/**
 * Only the plain wasm backend: the worker imports `onnxruntime-web/wasm` and points
 * env.wasm.wasmPaths.wasm here. The .mjs loader and ESM bundles are copied too so a page can
 * import ort from /vendor/ort at run time if a bundler ever mangles it (onnxruntime#22113/#22615).
 */
const ORT_FILES = [
  'ort-wasm-simd-threaded.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort.wasm.min.mjs',
  'ort.wasm.bundle.min.mjs',
] as const;

interface CopyResult {
  copied: number;
  skipped: number;
}

function copyIfChanged(src: string, dest: string, r: CopyResult): void {
  const s = statSync(src);
  if (existsSync(dest)) {
    const d = statSync(dest);
    if (d.size === s.size && d.mtimeMs >= s.mtimeMs) {
      r.skipped++;
      return;
    }
  }
  mkdirSync(dirname(dest), { recursive: true });
  // Sources can be read-only (a mirror); keep the copy writable so the next refresh can replace it.
  if (existsSync(dest)) chmodSync(dest, 0o644);
  copyFileSync(src, dest);
  chmodSync(dest, 0o644);
  r.copied++;
}

export function copyVendor(root: string = REPO_ROOT): CopyResult {
  const r: CopyResult = { copied: 0, skipped: 0 };
  const mpDir = join(root, 'node_modules/@mediapipe/tasks-vision/wasm');
  for (const f of readdirSync(mpDir))
    copyIfChanged(join(mpDir, f), join(root, 'public/vendor/mediapipe', f), r);
  const ortDir = join(root, 'node_modules/onnxruntime-web/dist');
  for (const f of ORT_FILES) copyIfChanged(join(ortDir, f), join(root, 'public/vendor/ort', f), r);
  const missing = REQUIRED_MODELS.filter((m) => !existsSync(join(root, 'models', m)));
  if (missing.length > 0) {
    throw new Error(
      `models missing from ${join(root, 'models')}: ${missing.join(', ')} — run the model install script first`,
    );
  }
  for (const m of REQUIRED_MODELS)
    copyIfChanged(join(root, 'models', m), join(root, 'public/models', m), r);
  return r;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = copyVendor();
    console.log(`vendor assets: ${r.copied} copied, ${r.skipped} up to date`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
