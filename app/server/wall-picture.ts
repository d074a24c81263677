/**
 * A wall as a PNG picture (issue 15), drawn in plain JS so it runs in a Worker
 * (no sharp, no wasm): the wall to scale with its floor line and furniture,
 * each frame with its moulding and mat, and the picture itself scaled from the
 * work's PNG original where there is one, else painted as its palette's
 * colour bands. 1200 × 630 px, the size share cards use.
 */
import { decode, encode } from "fast-png";
import { FRAME_COLOURS, FRAME_MOULDING_CM, FURNITURE, MAT_COLOUR, type PrintSize, type WallLayout, chosenSize, outerSize } from "../components/wall-planner/geometry";

export const PICTURE_WIDTH = 1200;
export const PICTURE_HEIGHT = 630;

type Rgb = readonly [number, number, number];

/** A decoded picture, RGB 8-bit, for scaling into a frame. */
export interface Pixels {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export interface PictureWork {
  id: number;
  /** Weighted palette colours (hex), largest first; may be empty. */
  palette: { hex: string; weight: number }[];
  dominantColour: string | null;
  pixels: Pixels | null;
}

function rgbOf(hex: string | null | undefined, fallback: Rgb = [200, 200, 200]): Rgb {
  if (!hex || !/^#[0-9a-f]{6}$/i.test(hex)) return fallback;
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

class Canvas {
  readonly rgb: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.rgb = new Uint8Array(width * height * 3);
    this.fill(0, 0, width, height, background);
  }

  fill(x0: number, y0: number, x1: number, y1: number, [r, g, b]: Rgb): void {
    const ax = Math.max(0, Math.round(x0));
    const ay = Math.max(0, Math.round(y0));
    const bx = Math.min(this.width, Math.round(x1));
    const by = Math.min(this.height, Math.round(y1));
    for (let y = ay; y < by; y++) {
      let p = (y * this.width + ax) * 3;
      for (let x = ax; x < bx; x++, p += 3) {
        this.rgb[p] = r;
        this.rgb[p + 1] = g;
        this.rgb[p + 2] = b;
      }
    }
  }

  /** Draws `src` into the box, cropped to fill it (like CSS object-fit: cover), sampling the nearest pixel. */
  blit(src: Pixels, x0: number, y0: number, x1: number, y1: number): void {
    const ax = Math.max(0, Math.round(x0));
    const ay = Math.max(0, Math.round(y0));
    const bx = Math.min(this.width, Math.round(x1));
    const by = Math.min(this.height, Math.round(y1));
    const w = Math.max(1, x1 - x0);
    const h = Math.max(1, y1 - y0);
    const scale = Math.max(w / src.width, h / src.height);
    const offX = (src.width - w / scale) / 2;
    const offY = (src.height - h / scale) / 2;
    for (let y = ay; y < by; y++) {
      const sy = Math.min(src.height - 1, Math.max(0, Math.floor(offY + (y - y0 + 0.5) / scale)));
      let p = (y * this.width + ax) * 3;
      for (let x = ax; x < bx; x++, p += 3) {
        const sx = Math.min(src.width - 1, Math.max(0, Math.floor(offX + (x - x0 + 0.5) / scale)));
        const q = (sy * src.width + sx) * 3;
        this.rgb[p] = src.rgb[q]!;
        this.rgb[p + 1] = src.rgb[q + 1]!;
        this.rgb[p + 2] = src.rgb[q + 2]!;
      }
    }
  }
}

/** PNG bytes to 8-bit RGB, or null for what this drawer does not read (16-bit, indexed). */
export function pngPixels(bytes: Uint8Array): Pixels | null {
  try {
    const png = decode(bytes);
    if (png.depth !== 8 || png.palette || png.channels < 1 || png.channels > 4) return null;
    const { width, height, channels, data } = png;
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0, p = 0; i < width * height; i++, p += channels) {
      if (channels < 3) {
        const v = data[p]!;
        rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = v;
      } else {
        rgb[i * 3] = data[p]!;
        rgb[i * 3 + 1] = data[p + 1]!;
        rgb[i * 3 + 2] = data[p + 2]!;
      }
    }
    return { width, height, rgb };
  } catch {
    return null;
  }
}

const BACKGROUND: Rgb = [250, 248, 244];
const WALL: Rgb = [236, 231, 222];
const FLOOR: Rgb = [150, 138, 124];
const FURNITURE_RGB: Rgb = [120, 122, 128];
const MARGIN = 24;

/** Renders the wall; returns PNG bytes. */
export function renderWallPicture(layout: WallLayout, sizes: Record<string, PrintSize[]>, works: ReadonlyMap<number, PictureWork>): Uint8Array<ArrayBuffer> {
  const canvas = new Canvas(PICTURE_WIDTH, PICTURE_HEIGHT, BACKGROUND);
  const floorBand = 18;
  const scale = Math.min((PICTURE_WIDTH - 2 * MARGIN) / layout.widthCm, (PICTURE_HEIGHT - 2 * MARGIN - floorBand) / layout.heightCm);
  const left = (PICTURE_WIDTH - layout.widthCm * scale) / 2;
  const top = (PICTURE_HEIGHT - floorBand - layout.heightCm * scale) / 2;
  const X = (cm: number) => left + cm * scale;
  const Y = (cm: number) => top + cm * scale;
  canvas.fill(X(0), Y(0), X(layout.widthCm), Y(layout.heightCm), WALL);
  canvas.fill(0, Y(layout.heightCm), PICTURE_WIDTH, Y(layout.heightCm) + floorBand, FLOOR);
  if (layout.furniture !== "none") {
    const f = FURNITURE[layout.furniture];
    const fx = (layout.widthCm - f.widthCm) / 2;
    const fy = layout.heightCm - f.heightCm;
    if (layout.furniture === "sofa") {
      canvas.fill(X(fx + f.widthCm * 0.08), Y(fy), X(fx + f.widthCm * 0.92), Y(fy + f.heightCm * 0.5), FURNITURE_RGB);
      canvas.fill(X(fx), Y(fy + f.heightCm * 0.25), X(fx + f.widthCm), Y(fy + f.heightCm * 0.9), FURNITURE_RGB);
      canvas.fill(X(fx + f.widthCm * 0.04), Y(fy + f.heightCm * 0.9), X(fx + f.widthCm * 0.08), Y(layout.heightCm), FURNITURE_RGB);
      canvas.fill(X(fx + f.widthCm * 0.92), Y(fy + f.heightCm * 0.9), X(fx + f.widthCm * 0.96), Y(layout.heightCm), FURNITURE_RGB);
    } else {
      canvas.fill(X(fx), Y(fy), X(fx + f.widthCm), Y(fy + f.heightCm * 0.82), FURNITURE_RGB);
      canvas.fill(X(fx + f.widthCm * 0.05), Y(fy + f.heightCm * 0.82), X(fx + f.widthCm * 0.07), Y(layout.heightCm), FURNITURE_RGB);
      canvas.fill(X(fx + f.widthCm * 0.93), Y(fy + f.heightCm * 0.82), X(fx + f.widthCm * 0.95), Y(layout.heightCm), FURNITURE_RGB);
    }
  }
  for (const item of layout.items) {
    const size = chosenSize(sizes[String(item.artworkId)] ?? [], item.variant);
    const work = works.get(item.artworkId);
    if (!size || !work) continue;
    const { w, h } = outerSize(size, item.frame, item.matCm);
    const m = item.frame === "none" ? 0 : FRAME_MOULDING_CM;
    if (m > 0) canvas.fill(X(item.xCm), Y(item.yCm), X(item.xCm + w), Y(item.yCm + h), rgbOf(FRAME_COLOURS[item.frame]));
    if (item.matCm > 0) canvas.fill(X(item.xCm + m), Y(item.yCm + m), X(item.xCm + w - m), Y(item.yCm + h - m), rgbOf(MAT_COLOUR));
    const px0 = X(item.xCm + m + item.matCm);
    const py0 = Y(item.yCm + m + item.matCm);
    const px1 = X(item.xCm + m + item.matCm + size.widthCm);
    const py1 = Y(item.yCm + m + item.matCm + size.heightCm);
    if (work.pixels) {
      canvas.blit(work.pixels, px0, py0, px1, py1);
    } else if (work.palette.length > 0) {
      // Vertical bands, as wide as each colour's share of the palette.
      const total = work.palette.reduce((a, c) => a + Math.max(0, c.weight), 0) || 1;
      let x = px0;
      for (const c of work.palette) {
        const next = x + ((px1 - px0) * Math.max(0, c.weight)) / total;
        canvas.fill(x, py0, next, py1, rgbOf(c.hex));
        x = next;
      }
    } else {
      canvas.fill(px0, py0, px1, py1, rgbOf(work.dominantColour));
    }
  }
  const encoded = encode({ width: PICTURE_WIDTH, height: PICTURE_HEIGHT, data: canvas.rgb, channels: 3, depth: 8 });
  const out = new Uint8Array(new ArrayBuffer(encoded.length));
  out.set(encoded);
  return out;
}
