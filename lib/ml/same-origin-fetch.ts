/**
 * MediaPipe's tasks-vision bundle posts usage telemetry to a Google logging endpoint
 * (odml.pa.googleapis.com) with `fetch`, and has no option to turn it off. The worker installs this
 * guard before loading any runtime: a fetch to another origin fails at once, without a request, so
 * no third-party request leaves the worker even where the page's Content-Security-Policy is not
 * applied (the CLI harness). Imported first by analysis.worker.ts, for its side effect.
 */
export function isSameOrigin(input: RequestInfo | URL, origin: string): boolean {
  const raw = input instanceof Request ? input.url : String(input);
  try {
    const url = new URL(raw, origin);
    return url.origin === origin || url.protocol === 'blob:' || url.protocol === 'data:';
  } catch {
    return false;
  }
}

export function installSameOriginFetch(scope: {
  fetch: typeof fetch;
  location: { origin: string };
}): void {
  const original = scope.fetch.bind(scope);
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    isSameOrigin(input, scope.location.origin)
      ? original(input, init)
      : Promise.reject(
          new TypeError('Candor: requests to other origins are blocked in the engine'),
        );
}

if (typeof self !== 'undefined' && typeof self.fetch === 'function' && 'location' in self) {
  installSameOriginFetch(self as unknown as Parameters<typeof installSameOriginFetch>[0]);
}
