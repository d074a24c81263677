import sharp, { type Sharp } from "sharp";
import { ModelError } from "./errors";
import type { ImagePreprocessing } from "./manifest";

/**
 * CLIP's image preprocessing, as its reference code does it with PIL/torchvision:
 * RGB, bicubic resize so the short side is `size` (long side truncated, as torchvision
 * does), centre crop size x size (offsets rounded), scale to [0,1], then (x - mean) / std,
 * laid out CHW as float32.
 */
export async function preprocessImage(input: Buffer | Uint8Array | string, prep: ImagePreprocessing, label = typeof input === "string" ? input : "image"): Promise<Float32Array> {
  const { size } = prep;
  let header: { width?: number; height?: number; hasAlpha?: boolean };
  try {
    header = await sharp(input).metadata();
  } catch (error) {
    throw new ModelError(`${label} could not be decoded as an image: ${firstLine(error)}`);
  }
  const { width = 0, height = 0 } = header;
  if (width < 1 || height < 1) throw new ModelError(`${label} did not decode to RGB pixels (${width}x${height})`);
  const box = cropBox(width, height, size);

  let raw: Buffer;
  try {
    if (header.hasAlpha) {
      // Decode to plain RGB first: in one sharp pipeline the resize would run on premultiplied
      // alpha before the alpha is dropped, moving colours of translucent pixels.
      const rgb = await sharp(input).toColourspace("srgb").removeAlpha().raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
      raw = await resizeAndCrop(sharp(rgb.data, { raw: { width: rgb.info.width, height: rgb.info.height, channels: 3 } }), box, size);
    } else {
      // One pipeline from the encoded bytes: libvips decodes JPEG and WebP at a fraction of their
      // size when the resize allows it (shrink-on-load), and no full-size copy reaches JavaScript.
      raw = await resizeAndCrop(sharp(input).toColourspace("srgb").removeAlpha(), box, size);
    }
  } catch (error) {
    throw new ModelError(`${label} could not be decoded as an image: ${firstLine(error)}`);
  }
  return normalise(raw, prep, label);
}

interface CropBox {
  resizedW: number;
  resizedH: number;
  left: number;
  top: number;
}

/** torchvision Resize(size) then CenterCrop(size), as integer boxes. */
export function cropBox(width: number, height: number, size: number): CropBox {
  // Resize: short side -> size, long side int(size * long / short).
  const scale = size / Math.min(width, height);
  const resizedW = width <= height ? size : Math.max(size, Math.trunc(width * scale));
  const resizedH = height < width ? size : Math.max(size, Math.trunc(height * scale));
  // CenterCrop: offsets int(round((dim - size) / 2)).
  return { resizedW, resizedH, left: Math.round((resizedW - size) / 2), top: Math.round((resizedH - size) / 2) };
}

function resizeAndCrop(image: Sharp, box: CropBox, size: number): Promise<Buffer> {
  return image
    .resize(box.resizedW, box.resizedH, { kernel: "cubic", fit: "fill" })
    .extract({ left: box.left, top: box.top, width: size, height: size })
    .raw({ depth: "uchar" })
    .toBuffer();
}

/** RGB bytes HWC -> (v/255 - mean) / std, CHW float32. */
function normalise(raw: Buffer, prep: ImagePreprocessing, label: string): Float32Array {
  const { size, mean, std } = prep;
  const plane = size * size;
  if (raw.length !== plane * 3) throw new ModelError(`${label} did not decode to RGB (${raw.length} bytes for ${size}x${size})`);
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    // One multiply-add per value: (v/255 - m)/s = v * (1/(255 s)) - m/s.
    const k = 1 / (255 * std[c]!);
    const b = -mean[c]! / std[c]!;
    for (let p = 0; p < plane; p++) out[c * plane + p] = raw[p * 3 + c]! * k + b;
  }
  return out;
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split("\n")[0]!;
}
