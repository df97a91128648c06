import { Alert } from './ui';

/** What a candidate sees when their invite link cannot be used (expired, withdrawn, damaged). */
export function InviteRefused({ message }: { message: string }) {
  return (
    <main className="narrow">
      <h1>Interview link</h1>
      <Alert>{message}</Alert>
    </main>
  );
}
