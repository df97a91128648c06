import { describe, expect, test } from 'vitest';
import { safeRedirectPath } from './safe-redirect';

describe('safeRedirectPath', () => {
  test.each([
    ['/dashboard', '/dashboard'],
    ['/sessions/abc?tab=report#reasons', '/sessions/abc?tab=report#reasons'],
    ['/interviews/x%20y', '/interviews/x%20y'],
    ['/settings', '/settings'],
  ])('keeps the app path %s', (raw, expected) => {
    expect(safeRedirectPath(raw)).toBe(expected);
  });

  test.each([
    ['protocol-relative', '//example.org'],
    ['slash backslash', '/\\example.org'],
    ['backslash slash', '\\/example.org'],
    ['double backslash', '\\\\example.org'],
    ['encoded backslash', '/%5Cexample.org'],
    ['encoded backslash, lower case', '/%5cexample.org'],
    ['double-encoded backslash', '/%255Cexample.org'],
    ['encoded double slash', '/%2F%2Fexample.org'],
    ['encoded slash after slash', '/%2Fexample.org'],
    ['fully encoded //', '%2F%2Fexample.org'],
    ['tab inside //', '/\t/example.org'],
    ['newline inside //', '/\n/example.org'],
    ['encoded tab', '/%09/example.org'],
    ['encoded newline', '/%0A/example.org'],
    ['carriage return', '/\r/example.org'],
    ['javascript: scheme', 'javascript:alert(1)'],
    ['encoded javascript: scheme', 'javascript%3Aalert(1)'],
    ['upper-case scheme', 'JAVASCRIPT:alert(1)'],
    ['data: scheme', 'data:text/html,<script>alert(1)</script>'],
    ['absolute https URL', 'https://example.org/'],
    ['scheme-relative with userinfo', '//user@example.org'],
    ['userinfo form', '/@example.org'.replace('/', '//')],
    ['http with userinfo', 'http://127.0.0.1@example.org'],
    ['relative path', 'dashboard'],
    ['empty', ''],
    ['leading space', ' //example.org'],
    ['malformed escape', '/%E0%A4%A'],
    ['triple slash', '///example.org'],
  ])('refuses %s', (_name, raw) => {
    expect(safeRedirectPath(raw)).toBe('/dashboard');
  });

  test('null and undefined fall back', () => {
    expect(safeRedirectPath(null)).toBe('/dashboard');
    expect(safeRedirectPath(undefined, '/x')).toBe('/x');
  });
});
