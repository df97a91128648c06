import { ZStoredBatch, type TDeviceFacts } from '@/lib/schemas/rooms';
import { newBatchId } from './device-facts';
import { postRoomApi, RoomApiError } from './room-api';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Posts the candidate's device facts once. The batch id and timestamp are fixed before the first
 * try, so retries (the session may not be open yet, the network may drop) store exactly one row.
 */
export async function sendDeviceReport(
  token: string,
  facts: TDeviceFacts,
  isCancelled: () => boolean,
): Promise<boolean> {
  const body = { token, batchId: newBatchId(), capturedAt: new Date().toISOString(), facts };
  for (let attempt = 0; attempt < 30 && !isCancelled(); attempt++) {
    try {
      await postRoomApi('/api/rooms/candidate-report', body, ZStoredBatch);
      return true;
    } catch (err) {
      if (err instanceof RoomApiError && !err.transient) return false;
      await sleep(Math.min(1000 * (attempt + 1), 5000));
    }
  }
  return false;
}
