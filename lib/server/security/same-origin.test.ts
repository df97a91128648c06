import { describe, expect, test } from 'vitest';
import { appOrigins, crossOriginReason } from './same-origin';

const origins = appOrigins('http://127.0.0.1:3000');

describe('crossOriginReason', () => {
  test('the app origin has its loopback twin', () => {
    expect(origins).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000']);
    expect(appOrigins('https://candor.example.com')).toEqual(['https://candor.example.com']);
  });

  test.each([
    ['GET cross-site is not checked', 'GET', { 'sec-fetch-site': 'cross-site' }, false],
    ['same-origin fetch', 'POST', { 'sec-fetch-site': 'same-origin' }, false],
    ['same-origin by Origin only', 'POST', { origin: 'http://127.0.0.1:3000' }, false],
    ['localhost twin', 'DELETE', { origin: 'http://localhost:3000' }, false],
    ['no browser headers (curl, server-to-server)', 'POST', {}, false],
    ['cross-site form post', 'POST', { 'sec-fetch-site': 'cross-site' }, true],
    ['same-site sibling', 'POST', { 'sec-fetch-site': 'same-site' }, true],
    ['foreign Origin', 'POST', { origin: 'https://evil.example' }, true],
    ['null Origin (sandboxed frame)', 'PUT', { origin: 'null' }, true],
    ['other port', 'PATCH', { origin: 'http://127.0.0.1:3001' }, true],
    [
      'same-origin claim with a foreign Origin',
      'POST',
      { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' },
      true,
    ],
  ])('%s', (_name, method, headers, refused) => {
    const reason = crossOriginReason(method, new Headers(headers), origins);
    expect(reason !== null).toBe(refused);
  });
});
