import type { z } from 'zod';
import { ApiError, postJson } from './api';
import {
  ZCandidateConnection,
  ZRoomConnection,
  type TCandidateConnection,
  type TRoomConnection,
} from '@/lib/schemas/rooms';

/** Room API failures: an ApiError that also knows which ones are worth another try later. */
export class RoomApiError extends ApiError {
  /**
   * Worth another try later: not reachable, server trouble, the room not open yet, or the session
   * closed (the room reopened: the data belongs to the interview's next session).
   */
  get transient(): boolean {
    return (
      this.status === 0 ||
      this.status >= 500 ||
      this.code === 'room_not_open' ||
      this.code === 'no_open_session' ||
      this.code === 'session_closed'
    );
  }
}

/** postJson() whose failures are RoomApiErrors. */
export async function postRoomApi<S extends z.ZodType>(
  url: string,
  body: unknown,
  schema: S,
): Promise<z.infer<S>> {
  try {
    return await postJson(url, body, schema);
  } catch (err) {
    if (err instanceof ApiError) throw new RoomApiError(err.status, err.code, err.message);
    throw err;
  }
}

export const fetchCandidateConnection = (token: string): Promise<TCandidateConnection> =>
  postRoomApi('/api/rooms/candidate-token', { token }, ZCandidateConnection);

export const fetchInterviewerConnection = (interviewId: string): Promise<TRoomConnection> =>
  postRoomApi(`/api/interviews/${encodeURIComponent(interviewId)}/room-token`, {}, ZRoomConnection);
