import type { TRoomStatus } from '@/lib/client/room-connection';
import { Alert } from './ui';

const TEXT: Record<TRoomStatus, string> = {
  idle: 'Not connected.',
  connecting: 'Connecting…',
  waiting: 'Waiting for the room to open…',
  connected: 'Connected.',
  reconnecting: 'Connection lost — reconnecting…',
  rejoining: 'Connection lost — rejoining…',
  left: 'You left the interview.',
  ended: 'The interview has ended.',
  failed: 'Could not connect.',
};

/** The room's connection state in words, announced to screen readers when it changes. */
export function ConnectionBanner({
  status,
  message,
}: {
  status: TRoomStatus;
  message: string | null;
}) {
  const kind = status === 'failed' ? 'error' : status === 'connected' ? 'ok' : 'info';
  return (
    <div data-testid="connection-status" data-status={status}>
      <Alert kind={kind}>{message ?? TEXT[status]}</Alert>
    </div>
  );
}
