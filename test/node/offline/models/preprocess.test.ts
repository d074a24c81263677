import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ModelError } from "../../../../offline/models/errors";
import { CLIP_IMAGE_PREPROCESSING, CLIP_MEAN, CLIP_STD } from "../../../../offline/models/manifest";
import { cropBox, preprocessImage } from "../../../../offline/models/preprocess";

type Rgb = [number, number, number];

/** A PNG whose pixel (x, y) has colour paint(x, y). */
async function png(width: number, height: number, paint: (x: number, y: number) => Rgb): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(paint(x, y), (y * width + x) * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

const expected = (rgb: Rgb): Rgb => rgb.map((v, c) => (v / 255 - CLIP_MEAN[c]!) / CLIP_STD[c]!) as Rgb;

function pixel(t: Float32Array, size: number, x: number, y: number): Rgb {
  const plane = size * size;
  return [0, 1, 2].map((c) => t[c * plane + y * size + x]!) as Rgb;
}

const prep = (size: number) => ({ ...CLIP_IMAGE_PREPROCESSING, size });

describe("CLIP preprocessing", () => {
  it("maps a uniform image to (v/255 - mean)/std everywhere, CHW, size x size", async () => {
    const colour: Rgb = [200, 100, 30];
    const t = await preprocessImage(await png(300, 180, () => colour), CLIP_IMAGE_PREPROCESSING);
    expect(t.length).toBe(3 * 224 * 224);
    const [r, g, b] = expected(colour);
    // e.g. red: (200/255 - 0.48145466) / 0.26862954 = 1.127423...
    expect(r).toBeCloseTo(1.127423, 5);
    for (let p = 0; p < 224 * 224; p += 97) {
      expect(t[p]).toBeCloseTo(r, 5);
      expect(t[224 * 224 + p]).toBeCloseTo(g, 5);
      expect(t[2 * 224 * 224 + p]).toBeCloseTo(b, 5);
    }
  });

  it("resizes the short side and crops the centre of a wide image", async () => {
    // 40x20, left half red, right half blue -> 20x10 -> centre crop x 5..14 of the resized image:
    // crop columns 0-4 red, 5-9 blue.
    const red: Rgb = [255, 0, 0];
    const blue: Rgb = [0, 0, 255];
    const t = await preprocessImage(await png(40, 20, (x) => (x < 20 ? red : blue)), prep(10));
    for (let y = 0; y < 10; y++) {
      for (const x of [0, 1, 2]) pixel(t, 10, x, y).forEach((v, c) => expect(v).toBeCloseTo(expected(red)[c]!, 4));
      for (const x of [7, 8, 9]) pixel(t, 10, x, y).forEach((v, c) => expect(v).toBeCloseTo(expected(blue)[c]!, 4));
    }
  });

  it("crops the vertical centre of a tall image", async () => {
    // 20x60 in three bands -> 10x30 -> rows 10..19: the middle band only.
    const bands: Rgb[] = [[255, 255, 255], [0, 128, 0], [0, 0, 0]];
    const t = await preprocessImage(await png(20, 60, (_x, y) => bands[Math.floor(y / 20)]!), prep(10));
    for (let y = 2; y < 8; y++) for (let x = 0; x < 10; x++) {
      pixel(t, 10, x, y).forEach((v, c) => expect(v).toBeCloseTo(expected(bands[1]!)[c]!, 4));
    }
  });

  it("handles greyscale and alpha inputs as RGB", async () => {
    const grey = await sharp(Buffer.alloc(64, 128), { raw: { width: 8, height: 8, channels: 1 } }).png().toBuffer();
    const t = await preprocessImage(grey, prep(4));
    expect(t.length).toBe(48);
    pixel(t, 4, 1, 1).forEach((v, c) => expect(v).toBeCloseTo(expected([128, 128, 128])[c]!, 4));
    // Alpha is dropped, not composited, as PIL's convert("RGB") does.
    const rgba = await sharp(Buffer.from(new Array(64).fill([10, 20, 30, 128]).flat()), { raw: { width: 8, height: 8, channels: 4 } }).png().toBuffer();
    pixel(await preprocessImage(rgba, prep(4)), 4, 2, 2).forEach((v, c) => expect(v).toBeCloseTo(expected([10, 20, 30])[c]!, 4));
  });

  it("decodes a large JPEG at the needed size (shrink-on-load) to the same tensor as its PNG twin", async () => {
    // 1600x1200, four flat quadrants: shrink-on-load may only blur the edges between them.
    const quadrant = (x: number, y: number): Rgb => (x < 800 ? (y < 600 ? [220, 40, 40] : [40, 200, 60]) : y < 600 ? [30, 60, 210] : [240, 220, 40]);
    const raw = Buffer.alloc(1600 * 1200 * 3);
    for (let y = 0; y < 1200; y++) for (let x = 0; x < 1600; x++) raw.set(quadrant(x, y), (y * 1600 + x) * 3);
    const jpeg = await sharp(raw, { raw: { width: 1600, height: 1200, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    const fromPng = await preprocessImage(await png(1600, 1200, quadrant), CLIP_IMAGE_PREPROCESSING);
    const fromJpeg = await preprocessImage(jpeg, CLIP_IMAGE_PREPROCESSING);
    expect(fromJpeg.length).toBe(3 * 224 * 224);
    expect(fromJpeg.length).toBe(fromPng.length);
    // 1600x1200 -> 298x224 -> columns 37..260: quadrant centres stay their colour.
    for (const [x, y] of [[40, 40], [180, 40], [40, 180], [180, 180]] as const) {
      pixel(fromJpeg, 224, x, y).forEach((v, c) => expect(Math.abs(v - pixel(fromPng, 224, x, y)[c]!)).toBeLessThan(0.1));
    }
  });

  it("computes torchvision's resize and centre-crop boxes", () => {
    expect(cropBox(1600, 1200, 224)).toEqual({ resizedW: 298, resizedH: 224, left: 37, top: 0 });
    expect(cropBox(20, 60, 10)).toEqual({ resizedW: 10, resizedH: 30, left: 0, top: 10 });
    expect(cropBox(224, 224, 224)).toEqual({ resizedW: 224, resizedH: 224, left: 0, top: 0 });
  });

  it("rejects a corrupt image with a one-line ModelError", async () => {
    const err = await preprocessImage(Buffer.from("not an image at all"), CLIP_IMAGE_PREPROCESSING, "work 42").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/^work 42 could not be decoded as an image/);
    expect((err as Error).message).not.toContain("\n");
  });
});
