import { handleUploadRequest } from '@/lib/server/async/uploads';
import { handle } from '@/lib/server/http';

/** tus upload creation for an async answer; candidate-only (Candor-Invite header). */
export const POST = handle(async (req) => handleUploadRequest(req));
export const OPTIONS = handle(async (req) => handleUploadRequest(req));
