/**
 * Low-level PNG building blocks (chunk framing, CRC-32, Adler-32) for the hand-made broken
 * images, which fast-png cannot produce: a valid PNG with absurd dimensions, and one streamed
 * lazily because it is bigger than a crawler should ever buffer.
 */

export const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Incremental CRC-32 (PNG's). Start with 0xffffffff, finish with `^ 0xffffffff`. */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return c >>> 0;
}

/** Incremental Adler-32 (zlib's trailer) as [a, b]. Start with [1, 0]. */
export function adler32Update(state: [number, number], bytes: Uint8Array): [number, number] {
  let [a, b] = state;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + (bytes[i] ?? 0)) % 65521;
    b = (b + a) % 65521;
  }
  return [a, b];
}

export function uint32(value: number): Uint8Array {
  return new Uint8Array([(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

/** length + type + data + CRC(type + data). */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeBytes = ascii(type);
  const crc = crc32Update(crc32Update(0xffffffff, typeBytes), data) ^ 0xffffffff;
  return concatBytes([uint32(data.length), typeBytes, data, uint32(crc >>> 0)]);
}

/** IHDR payload: bit depth and colour type as PNG defines them (0 = grey, 2 = RGB). */
export function ihdr(width: number, height: number, bitDepth: number, colourType: number): Uint8Array {
  return pngChunk("IHDR", concatBytes([uint32(width), uint32(height), new Uint8Array([bitDepth, colourType, 0, 0, 0])]));
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(parts.reduce((n, p) => n + p.length, 0)));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
