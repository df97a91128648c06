import { handleUploadRequest } from '@/lib/server/async/uploads';
import { handle } from '@/lib/server/http';

type TCtx = { params: Promise<{ id: string }> };

/** tus offset query and chunk upload of one async answer; candidate-only (Candor-Invite header). */
const route = handle(async (req, ctx: TCtx) => handleUploadRequest(req, (await ctx.params).id));

export const HEAD = route;
export const PATCH = route;
export const DELETE = route;
export const OPTIONS = route;
