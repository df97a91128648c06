/** The /frames stream's layout, shared by the harness server (node) and page (browser). */

/** Bytes before each frame on the /frames stream: its media time in ms, float64 little-endian. */
export const FRAME_HEADER_BYTES = 8;
