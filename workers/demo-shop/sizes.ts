/**
 * Physical sizes and the matching image dimensions. An image's aspect ratio equals its
 * sizes' aspect ratio, so orientation, cm sizes and pixels never contradict each other.
 */
import { nicePrice } from "./money.ts";
import type { Rng } from "./random.ts";
import type { Orientation, SizeVariant } from "./types.ts";

/** Long side of every rendered painting: small enough to generate 500+ quickly. */
export const IMAGE_LONG_SIDE = 360;

/** Short/long side ratios with the (short, long) cm sizes offered for each. */
const FAMILIES: ReadonlyArray<{ ratio: [number, number]; sizes: ReadonlyArray<[number, number]> }> = [
  { ratio: [3, 4], sizes: [[30, 40], [45, 60], [60, 80], [75, 100]] },
  { ratio: [4, 5], sizes: [[40, 50], [56, 70], [80, 100]] },
  { ratio: [2, 3], sizes: [[20, 30], [40, 60], [60, 90]] },
];
const SQUARE_SIZES: ReadonlyArray<[number, number]> = [[30, 30], [50, 50], [70, 70], [100, 100]];

export interface SizePlan {
  imageWidth: number;
  imageHeight: number;
  sizes: SizeVariant[];
}

export function planSizes(
  rng: Rng,
  orientation: Orientation,
  basePriceMajor: number,
  skuPrefix: string,
): SizePlan {
  const family =
    orientation === "square" ? { ratio: [1, 1] as [number, number], sizes: SQUARE_SIZES } : rng.pick(FAMILIES);
  const count = Math.min(family.sizes.length, rng.int(2, 4));
  const start = rng.int(0, family.sizes.length - count);
  const chosen = family.sizes.slice(start, start + count);
  const firstArea = (chosen[0]?.[0] ?? 1) * (chosen[0]?.[1] ?? 1);
  const sizes = chosen.map(([shortCm, longCm], i): SizeVariant => {
    const [widthCm, heightCm] = orientation === "landscape" ? [longCm, shortCm] : [shortCm, longCm];
    // Price grows slower than area, as print shops price it.
    const major = basePriceMajor * Math.pow((shortCm * longCm) / firstArea, 0.75);
    return {
      label: `${widthCm} × ${heightCm} cm`,
      widthCm,
      heightCm,
      price: nicePrice(major),
      sku: `${skuPrefix}-${String.fromCharCode(65 + i)}`,
    };
  });
  const [shortRatio, longRatio] = family.ratio;
  const shortPx = Math.round((IMAGE_LONG_SIDE * shortRatio) / longRatio);
  const [imageWidth, imageHeight] =
    orientation === "landscape" ? [IMAGE_LONG_SIDE, shortPx] : orientation === "portrait" ? [shortPx, IMAGE_LONG_SIDE] : [IMAGE_LONG_SIDE, IMAGE_LONG_SIDE];
  return { imageWidth, imageHeight, sizes };
}
