import 'server-only';
import { ZId } from '@/lib/schemas/api';
import { notFound } from './http';

/** Route params arrive as a Promise in Next 16; ids that are not cuids are 404s, not database queries. */
export async function idParam(
  ctx: { params: Promise<{ id: string }> },
  what: string,
): Promise<string> {
  const { id } = await ctx.params;
  if (!ZId.safeParse(id).success) throw notFound(`${what} not found`);
  return id;
}
