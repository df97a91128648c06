import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy } from './csp';

const directive = (csp: string, name: string) =>
  csp
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1);

describe('contentSecurityPolicy', () => {
  test('connect-src is the app and the LiveKit server only', () => {
    const csp = contentSecurityPolicy('ws://127.0.0.1:7880');
    expect(directive(csp, 'connect-src')).toEqual([
      "'self'",
      'ws://127.0.0.1:7880',
      'http://127.0.0.1:7880',
    ]);
    expect(directive(contentSecurityPolicy('wss://lk.example.com'), 'connect-src')).toEqual([
      "'self'",
      'wss://lk.example.com',
      'https://lk.example.com',
    ]);
    expect(directive(contentSecurityPolicy(undefined), 'connect-src')).toEqual(["'self'"]);
  });

  test('wasm without eval, workers, no plug-ins, no framing', () => {
    const csp = contentSecurityPolicy('ws://127.0.0.1:7880');
    expect(directive(csp, 'script-src')).toContain("'wasm-unsafe-eval'");
    expect(directive(csp, 'script-src')).not.toContain("'unsafe-eval'");
    expect(directive(csp, 'worker-src')).toEqual(["'self'", 'blob:']);
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });
});
