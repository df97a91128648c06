import { z } from 'zod';
import {
  ZCandidateConnection,
  ZRoomConnection,
  type TCandidateConnection,
  type TRoomConnection,
} from '@/lib/schemas/rooms';

/** Room API calls keep the server's error code: the room logic decides on it (wait, retry, give up). */
export class RoomApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** Worth another try later: not reachable, server trouble, or the room not open yet. */
  get transient(): boolean {
    return (
      this.status === 0 ||
      this.status >= 500 ||
      this.code === 'room_not_open' ||
      this.code === 'no_open_session'
    );
  }
}

const ZErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export async function postRoomApi<S extends z.ZodType>(
  url: string,
  body: unknown,
  schema: S,
): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new RoomApiError(0, 'network', 'Cannot reach the server. Check your connection.');
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ZErrorBody.safeParse(json);
    throw parsed.success
      ? new RoomApiError(res.status, parsed.data.error.code, parsed.data.error.message)
      : new RoomApiError(res.status, 'http', `Request failed (${res.status})`);
  }
  return schema.parse(json);
}

export const fetchCandidateConnection = (token: string): Promise<TCandidateConnection> =>
  postRoomApi('/api/rooms/candidate-token', { token }, ZCandidateConnection);

export const fetchInterviewerConnection = (interviewId: string): Promise<TRoomConnection> =>
  postRoomApi(`/api/interviews/${encodeURIComponent(interviewId)}/room-token`, {}, ZRoomConnection);
