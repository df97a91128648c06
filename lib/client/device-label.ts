/**
 * A camera or microphone label short enough for a picker. Chromium names a file-backed fake camera
 * by its full path ("/tmp/…/clip.y4m"): show the file name; cut anything long with an ellipsis.
 */
export function shortDeviceLabel(label: string, max = 40): string {
  const trimmed = label.trim();
  if (!trimmed) return '(unnamed device)';
  const base = /[\\/]/.test(trimmed)
    ? (trimmed.split(/[\\/]/).filter(Boolean).at(-1) ?? trimmed)
    : trimmed;
  return base.length > max ? `${base.slice(0, max - 1)}…` : base;
}
