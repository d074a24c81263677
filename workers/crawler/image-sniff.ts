/**
 * Image validation from the bytes themselves: the real type (magic numbers, not
 * the Content-Type header), pixel dimensions read from the header without
 * decoding (so a decompression bomb is refused before anyone decodes it), and a
 * structural check that catches truncated or corrupt files.
 */
export type ImageType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
  maxSide: number;
  minSide: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 15 * 1024 * 1024, maxPixels: 40_000_000, maxSide: 12_000, minSide: 16 };

export interface SniffedImage {
  type: ImageType;
  width: number;
  height: number;
}

export class ImageRejectedError extends Error {
  constructor(readonly kind: "not_an_image" | "type_mismatch" | "too_large" | "too_many_pixels" | "too_small" | "corrupt_image", message: string) {
    super(message);
  }
}

export function validateImage(bytes: Uint8Array, declaredType: string | null, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): SniffedImage {
  if (bytes.byteLength > limits.maxBytes) throw new ImageRejectedError("too_large", `image of ${bytes.byteLength} bytes exceeds the ${limits.maxBytes}-byte cap`);
  const declared = (declaredType ?? "").split(";")[0]!.trim().toLowerCase();
  if (declared && !declared.startsWith("image/") && declared !== "application/octet-stream") {
    throw new ImageRejectedError("not_an_image", `declared type ${declared} is not an image`);
  }
  const image = sniffImage(bytes);
  if (!image) throw new ImageRejectedError("not_an_image", "bytes are not a PNG, JPEG, GIF or WebP image");
  if (declared.startsWith("image/") && !sameImageType(declared, image.type)) {
    throw new ImageRejectedError("type_mismatch", `declared ${declared} but the bytes are ${image.type}`);
  }
  if (image.width > limits.maxSide || image.height > limits.maxSide || image.width * image.height > limits.maxPixels) {
    throw new ImageRejectedError("too_many_pixels", `image of ${image.width}×${image.height} pixels exceeds the ${limits.maxPixels}-pixel / ${limits.maxSide}-px cap`);
  }
  if (image.width < limits.minSide || image.height < limits.minSide) {
    throw new ImageRejectedError("too_small", `image of ${image.width}×${image.height} pixels is too small to be artwork`);
  }
  checkStructure(bytes, image.type);
  return image;
}

function sameImageType(declared: string, sniffed: ImageType): boolean {
  if (declared === "image/jpg" || declared === "image/pjpeg") return sniffed === "image/jpeg";
  return declared === sniffed;
}

export function sniffImage(b: Uint8Array): SniffedImage | null {
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { type: "image/png", width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    const size = jpegSize(b);
    return size ? { type: "image/jpeg", ...size } : null;
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) {
    return { type: "image/gif", width: b[6]! | (b[7]! << 8), height: b[8]! | (b[9]! << 8) };
  }
  if (b.length >= 30 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") {
    const size = webpSize(b);
    return size ? { type: "image/webp", ...size } : null;
  }
  return null;
}

function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
    }
    i += 2 + length;
  }
  return null;
}

function webpSize(b: Uint8Array): { width: number; height: number } | null {
  const chunk = ascii(b, 12, 16);
  if (chunk === "VP8X") return { width: 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16)), height: 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16)) };
  if (chunk === "VP8L") {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ") return { width: (b[26]! | (b[27]! << 8)) & 0x3fff, height: (b[28]! | (b[29]! << 8)) & 0x3fff };
  return null;
}

function checkStructure(b: Uint8Array, type: ImageType): void {
  if (type === "image/png") return checkPng(b);
  if (type === "image/jpeg") {
    if (b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) throw new ImageRejectedError("corrupt_image", "JPEG is truncated (no end-of-image marker)");
    return;
  }
  if (type === "image/gif" && b[b.length - 1] !== 0x3b) throw new ImageRejectedError("corrupt_image", "GIF is truncated (no trailer)");
}

/** Walks every PNG chunk, checking lengths and CRCs, and requires IHDR first and IEND last. */
function checkPng(b: Uint8Array): void {
  let i = 8;
  let first = true;
  while (i + 12 <= b.length) {
    const length = u32be(b, i);
    const type = ascii(b, i + 4, i + 8);
    if (first && type !== "IHDR") throw new ImageRejectedError("corrupt_image", "PNG does not start with IHDR");
    first = false;
    const end = i + 12 + length;
    if (end > b.length) throw new ImageRejectedError("corrupt_image", `PNG chunk ${type} is truncated`);
    if (crc32(b, i + 4, i + 8 + length) !== u32be(b, i + 8 + length)) throw new ImageRejectedError("corrupt_image", `PNG chunk ${type} fails its CRC`);
    if (type === "IEND") return;
    i = end;
  }
  throw new ImageRejectedError("corrupt_image", "PNG is truncated (no IEND chunk)");
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(b: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32be(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}

function ascii(b: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}
