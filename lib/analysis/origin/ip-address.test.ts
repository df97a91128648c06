import { describe, expect, test } from 'vitest';
import { classifyIp, formatIp, networkPrefix, parseIp } from './ip-address';

describe('parseIp / formatIp', () => {
  test.each([
    ['203.0.113.7', '203.0.113.7', 4],
    ['  8.8.8.8 ', '8.8.8.8', 4],
    ['1.2.3.4:5678', '1.2.3.4', 4],
    ['::ffff:192.168.1.9', '192.168.1.9', 4],
    ['::ffff:c0a8:109', '192.168.1.9', 4],
    ['[2001:DB8::1]:443', '2001:db8::1', 6],
    ['fe80::1%eth0', 'fe80::1', 6],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1', 6],
    ['::1', '::1', 6],
    ['::', '::', 6],
    ['2606:4700:4700::1111', '2606:4700:4700::1111', 6],
  ])('%s → %s (IPv%i)', (raw, text, version) => {
    const ip = parseIp(raw);
    expect(ip?.version).toBe(version);
    expect(formatIp(ip!)).toBe(text);
  });

  test.each([
    '',
    'abc',
    '1.2.3',
    '1.2.3.256',
    '01.2.3.4',
    '1::2::3',
    '12345::',
    '1:2:3:4:5:6:7:8:9',
    'x'.repeat(80),
  ])('rejects %j', (raw) => expect(parseIp(raw)).toBeNull());

  test('IPv4-mapped IPv6 is marked as mapped', () => {
    expect(parseIp('::ffff:127.0.0.1')).toMatchObject({ version: 4, mapped: true });
  });
});

describe('classifyIp', () => {
  test.each([
    ['8.8.8.8', 'public'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.0.10', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['169.254.10.1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['203.0.113.5', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'reserved'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::abcd', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2a00:1450:4001::1', 'public'],
  ])('%s is %s', (raw, cls) => expect(classifyIp(parseIp(raw)!)).toBe(cls));
});

describe('networkPrefix', () => {
  test.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:10.9.8.7', '10.9.8.0/24'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8::9', '2001:db8::/64'],
  ])('%s → %s', (raw, prefix) => expect(networkPrefix(parseIp(raw)!)).toBe(prefix));
});
