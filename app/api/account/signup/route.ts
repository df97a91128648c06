import { ZSignupInput } from '@/lib/schemas/api';
import { signUpWithOrganization } from '@/lib/server/accounts';
import { handle, readJson } from '@/lib/server/http';

export const POST = handle(async (req) => {
  const input = await readJson(req, ZSignupInput, 8 * 1024);
  return signUpWithOrganization(input, req.headers);
});
