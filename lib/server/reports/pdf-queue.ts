import { HttpError, RateLimitedError } from '../http';

/**
 * Bounded queue for PDF printing: one job runs at a time (each Chromium costs ~150 MB and a core),
 * at most `perOrg` jobs (running or waiting) per organization and `global` in all. A request over
 * its organization's bound gets 429, over the global bound 503; both carry Retry-After.
 */

export class ServiceBusyError extends HttpError {
  constructor(readonly retryAfterS: number) {
    super(503, 'busy', 'The PDF printer is busy: try again shortly');
  }
}

export interface TPrintQueueOptions {
  perOrg: number;
  global: number;
  /** Retry-After advertised when refused (about one job's time) */
  retryAfterS: number;
}

export class PrintQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private total = 0;
  private readonly byOrg = new Map<string, number>();

  constructor(private readonly opts: TPrintQueueOptions) {}

  pending(orgId?: string): number {
    return orgId === undefined ? this.total : (this.byOrg.get(orgId) ?? 0);
  }

  /** Queues fn behind the running job, or refuses at once (nothing is started then). */
  run<T>(orgId: string, fn: () => Promise<T>): Promise<T> {
    if (this.pending(orgId) >= this.opts.perOrg)
      return Promise.reject(
        new RateLimitedError(
          this.opts.retryAfterS,
          'Your organization already has PDF exports waiting: try again shortly',
        ),
      );
    if (this.total >= this.opts.global)
      return Promise.reject(new ServiceBusyError(this.opts.retryAfterS));
    this.total++;
    this.byOrg.set(orgId, this.pending(orgId) + 1);
    const job = this.tail.then(fn).finally(() => {
      this.total--;
      const n = this.pending(orgId) - 1;
      if (n > 0) this.byOrg.set(orgId, n);
      else this.byOrg.delete(orgId);
    });
    this.tail = job.catch(() => undefined);
    return job;
  }
}
