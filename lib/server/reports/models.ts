import 'server-only';
import { z } from 'zod';
import manifest from '@/models/manifest.json';

const ZManifest = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      licence: z.string(),
    }),
  ),
});

/**
 * The models this deployment analyses with (models/manifest.json). Verdicts do not yet record the
 * model versions they ran with, so a report shows the deployment's; the sha256 pins the weights.
 */
export const MODEL_VERSIONS = ZManifest.parse(manifest).models.map(
  ({ name, version, sha256, licence }) => ({
    name,
    version,
    sha256,
    licence,
  }),
);
export type TModelVersion = (typeof MODEL_VERSIONS)[number];
