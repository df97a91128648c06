import { headers } from 'next/headers';
import { NextResponse } from 'next/server';
import { auth } from '@/lib/server/auth';
import { serverEnv } from '@/lib/server/env';
import { handle } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** Sign-out changes state, so it is a same-origin POST (the top bar's form); GET is 405. */
export const POST = handle(async () => {
  const res = await auth().api.signOut({ headers: await headers(), asResponse: true });
  const out = NextResponse.redirect(new URL('/signin', serverEnv().APP_URL), 303);
  for (const cookie of res.headers.getSetCookie()) out.headers.append('set-cookie', cookie);
  return out;
});
