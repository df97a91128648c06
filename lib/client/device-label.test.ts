import { describe, expect, test } from 'vitest';
import { shortDeviceLabel } from './device-label';

describe('shortDeviceLabel', () => {
  test('a file-backed camera shows its file name, not the path', () => {
    expect(shortDeviceLabel('/tmp/candor-e2e-abc/fake-camera-12s.y4m')).toBe('fake-camera-12s.y4m');
  });
  test('ordinary labels stay; long ones are cut with an ellipsis; empty ones are named', () => {
    expect(shortDeviceLabel('FaceTime HD Camera (05ac:8514)')).toBe(
      'FaceTime HD Camera (05ac:8514)',
    );
    expect(shortDeviceLabel('x'.repeat(60))).toHaveLength(40);
    expect(shortDeviceLabel('x'.repeat(60)).endsWith('…')).toBe(true);
    expect(shortDeviceLabel('  ')).toBe('(unnamed device)');
  });
});
