/** Palettes: synthetic images with known colours, and demo paintings against their ground truth. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { extractPalette, nameColour } from "../../../../offline/compute/palette.ts";
import { oklabToRgb, rgbToOklab } from "../../../../offline/compute/oklab.ts";
import { Rng } from "../../../../offline/compute/random.ts";
import { generateCatalog } from "../../../../workers/demo-shop/catalog.ts";
import { COLOUR_NAMES, COLOURS, type Rgb } from "../../../../workers/demo-shop/colours.ts";
import { renderPainting } from "../../../../workers/demo-shop/painting.ts";

/** A w x h RGBA image: the first `share` of the rows one colour, the rest another, with slight noise. */
function twoColourImage(a: Rgb, b: Rgb, share: number, w = 64, h = 64, noise = 6): Uint8Array {
  const rng = new Rng(7);
  const pixels = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const colour = y < Math.round(h * share) ? a : b;
      const o = (y * w + x) * 4;
      for (let c = 0; c < 3; c++) pixels[o + c] = Math.max(0, Math.min(255, colour[c]! + rng.int(2 * noise + 1) - noise));
      pixels[o + 3] = 255;
    }
  }
  return pixels;
}

function hexToRgb(hex: string): Rgb {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

describe("nameColour", () => {
  it("names every vocabulary colour after itself, and near shades after it too", () => {
    for (const name of COLOUR_NAMES) {
      const [r, g, b] = COLOURS[name];
      expect(nameColour([r, g, b])).toBe(name);
      expect(nameColour([Math.min(255, r + 7), Math.max(0, g - 7), Math.min(255, b + 7)])).toBe(name);
    }
    expect(nameColour([0, 0, 0])).toBe("black");
    expect(nameColour([255, 255, 255])).toBe("white");
  });

  it("round-trips sRGB through OKLab", () => {
    const samples: Array<[number, number, number]> = [[0, 0, 0], [255, 255, 255], [215, 35, 40], [20, 128, 135], [1, 254, 77]];
    for (const rgb of samples) {
      expect(oklabToRgb(...rgbToOklab(...rgb))).toEqual(rgb);
    }
  });
});

describe("extractPalette", () => {
  it("finds the two colours of a 70/30 image with their weights and names", () => {
    const palette = extractPalette(twoColourImage(COLOURS.teal, COLOURS.gold, 0.7), 4);
    expect(palette.map((p) => p.name)).toEqual(["teal", "gold"]);
    expect(palette[0]!.weight).toBeCloseTo(0.7, 2);
    expect(palette[1]!.weight).toBeCloseTo(0.3, 2);
    const mean = hexToRgb(palette[0]!.hex);
    for (let c = 0; c < 3; c++) expect(Math.abs(mean[c]! - COLOURS.teal[c]!)).toBeLessThanOrEqual(3);
  });

  it("has weights summing to 1, heaviest first, at most k colours", () => {
    const rng = new Rng(3);
    const pixels = new Uint8Array(48 * 48 * 3).map(() => rng.int(256));
    const palette = extractPalette(pixels, 3, { k: 5, seed: 1 });
    expect(palette.length).toBeGreaterThan(0);
    expect(palette.length).toBeLessThanOrEqual(5);
    expect(palette.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 9);
    for (let i = 1; i < palette.length; i++) expect(palette[i - 1]!.weight).toBeGreaterThanOrEqual(palette[i]!.weight);
    expect(extractPalette(pixels, 3, { k: 5, seed: 1 })).toEqual(palette); // deterministic
  });

  it("merges shades of one colour instead of splitting it over k clusters", () => {
    const palette = extractPalette(twoColourImage(COLOURS.navy, COLOURS.navy, 1, 64, 64, 12), 4);
    expect(palette).toHaveLength(1);
    expect(palette[0]).toMatchObject({ name: "navy", weight: 1 });
  });

  it("ignores transparent pixels and handles an all-transparent image", () => {
    const pixels = twoColourImage(COLOURS.red, COLOURS.blue, 0.5);
    for (let o = 0; o < pixels.length / 2; o += 4) pixels[o + 3] = 0; // hide the red half
    expect(extractPalette(pixels, 4).map((p) => p.name)).toEqual(["blue"]);
    expect(extractPalette(new Uint8Array(16), 4)).toEqual([]);
  });

  it("names the primary colour of >= 95% of 60 demo paintings (64x64 via sharp)", async () => {
    const works = generateCatalog(1).artworks.filter((w) => w.case === "normal");
    const sample = Array.from({ length: 60 }, (_, i) => works[Math.floor((i * works.length) / 60)]!);
    let right = 0;
    const wrong: string[] = [];
    for (const work of sample) {
      const painting = renderPainting(work);
      const small = await sharp(painting.rgba, { raw: { width: painting.width, height: painting.height, channels: 4 } })
        .resize(64, 64, { fit: "fill" })
        .raw()
        .toBuffer();
      const palette = extractPalette(small, 4, { seed: work.image.seed });
      if (palette[0]?.name === work.primaryColour) right++;
      else wrong.push(`${work.id}: ${work.primaryColour} got ${palette.map((p) => `${p.name}:${p.weight.toFixed(2)}`).join(",")}`);
    }
    console.log(`palette: primary colour named right for ${right}/${sample.length} demo paintings`);
    expect(right / sample.length, wrong.join("\n")).toBeGreaterThanOrEqual(0.95);
  });
});
