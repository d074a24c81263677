import { describe, expect, it } from "vitest";
import { ImageRejectedError, sniffImage, validateImage } from "../../../workers/crawler/image-sniff";

/** A minimal valid PNG of the given size (one IDAT of zeros is enough for structure checks). */
function png(width: number, height: number): Uint8Array {
  const chunks: Uint8Array[] = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
    chunks.push(out);
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  chunk("IHDR", ihdr);
  chunk("IDAT", new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
  chunk("IEND", new Uint8Array());
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes;
}

function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

const jpeg = (width: number, height: number) =>
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9]);

describe("image validation", () => {
  it("reads type and pixel size from PNG, JPEG, GIF and WebP headers", () => {
    expect(sniffImage(png(300, 400))).toEqual({ type: "image/png", width: 300, height: 400 });
    expect(sniffImage(jpeg(640, 480))).toEqual({ type: "image/jpeg", width: 640, height: 480 });
    const gif = new Uint8Array([...new TextEncoder().encode("GIF89a"), 0x20, 0x01, 0x40, 0x01, 0, 0, 0, 0x3b]);
    expect(sniffImage(gif)).toEqual({ type: "image/gif", width: 288, height: 320 });
    const webp = new Uint8Array(30);
    webp.set(new TextEncoder().encode("RIFF"), 0);
    webp.set(new TextEncoder().encode("WEBPVP8X"), 8);
    webp.set([0x1f, 0x03, 0x00, 0x57, 0x02, 0x00], 24); // 800 x 600
    expect(sniffImage(webp)).toEqual({ type: "image/webp", width: 800, height: 600 });
  });

  it("accepts a valid image whose declared type matches", () => {
    expect(validateImage(png(300, 400), "image/png")).toEqual({ type: "image/png", width: 300, height: 400 });
    expect(validateImage(jpeg(300, 400), "image/jpg; charset=binary").type).toBe("image/jpeg");
  });

  const rejects = (bytes: Uint8Array, type: string | null, kind: ImageRejectedError["kind"]) => {
    try {
      validateImage(bytes, type);
    } catch (error) {
      expect(error).toBeInstanceOf(ImageRejectedError);
      expect((error as ImageRejectedError).kind).toBe(kind);
      return;
    }
    throw new Error("expected a rejection");
  };

  it("rejects what is not an image, or not the image it claims to be", () => {
    rejects(new TextEncoder().encode("<html>not an image</html>"), "image/png", "not_an_image");
    rejects(png(300, 400), "text/html", "not_an_image");
    rejects(png(300, 400), "image/jpeg", "type_mismatch");
  });

  it("rejects decompression bombs by their declared pixel size, before any decoding", () => {
    rejects(png(30_000, 30_000), "image/png", "too_many_pixels");
    rejects(png(20_000, 100), "image/png", "too_many_pixels");
    rejects(png(8, 8), "image/png", "too_small");
  });

  it("rejects oversized bodies and truncated or corrupted files", () => {
    rejects(new Uint8Array(16 * 1024 * 1024), "image/png", "too_large");
    const whole = png(300, 400);
    rejects(whole.subarray(0, whole.length - 12), "image/png", "corrupt_image");
    const flipped = whole.slice();
    flipped[40] = flipped[40]! ^ 0xff; // inside IDAT: its CRC no longer matches
    rejects(flipped, "image/png", "corrupt_image");
    rejects(jpeg(300, 400).subarray(0, 20), "image/jpeg", "corrupt_image");
  });
});
