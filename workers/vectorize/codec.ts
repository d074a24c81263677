/**
 * Vector values <-> Float32 little-endian BLOBs.
 *
 * Writes bind a Uint8Array (a BLOB column). Reads select `hex(vals)` instead of
 * the BLOB: local D1 ships BLOBs as JSON arrays of numbers, which measured ~8x
 * slower to read than a hex string for 5,000 x 512-d vectors.
 */

const LITTLE_ENDIAN_PLATFORM = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/** Float32 values as little-endian bytes, ready to bind as a BLOB. */
export function encodeVector(values: ArrayLike<number>): Uint8Array {
  const floats = Float32Array.from(values);
  const bytes = new Uint8Array(floats.buffer);
  if (!LITTLE_ENDIAN_PLATFORM) swapWords(bytes, 0, bytes.length);
  return bytes;
}

// Char code -> nibble; -1 for anything that is not a hex digit.
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i;
  NIBBLE[97 + i] = 10 + i;
}

/**
 * Decodes the hex of a stored BLOB straight into `target` (a byte view of the
 * cache's Float32Array), so a full reload allocates no per-vector arrays.
 */
export function decodeHexInto(hex: string, target: Uint8Array, byteOffset: number): void {
  const byteLength = hex.length >>> 1;
  if (hex.length !== byteLength * 2 || byteOffset + byteLength > target.length) {
    throw new Error("stored vector has an unexpected length");
  }
  for (let i = 0, c = 0; i < byteLength; i++, c += 2) {
    const hi = NIBBLE[hex.charCodeAt(c)] ?? -1;
    const lo = NIBBLE[hex.charCodeAt(c + 1)] ?? -1;
    if (hi < 0 || lo < 0) throw new Error("stored vector is not valid hex");
    target[byteOffset + i] = (hi << 4) | lo;
  }
  if (!LITTLE_ENDIAN_PLATFORM) swapWords(target, byteOffset, byteLength);
}

/** Decodes one stored vector into its own Float32Array. */
export function decodeHex(hex: string): Float32Array {
  const out = new Float32Array(hex.length >>> 3);
  decodeHexInto(hex, new Uint8Array(out.buffer), 0);
  return out;
}

function swapWords(bytes: Uint8Array, start: number, length: number): void {
  for (let i = start; i < start + length; i += 4) {
    const a = bytes[i]!;
    const b = bytes[i + 1]!;
    bytes[i] = bytes[i + 3]!;
    bytes[i + 1] = bytes[i + 2]!;
    bytes[i + 2] = b;
    bytes[i + 3] = a;
  }
}
