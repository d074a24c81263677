import sharp, { type OutputInfo } from "sharp";
import { ModelError } from "./errors";
import type { ImagePreprocessing } from "./manifest";

/**
 * CLIP's image preprocessing, as its reference code does it with PIL/torchvision:
 * RGB, bicubic resize so the short side is `size` (long side truncated, as torchvision
 * does), centre crop size x size (offsets rounded), scale to [0,1], then (x - mean) / std,
 * laid out CHW as float32.
 */
export async function preprocessImage(input: Buffer | Uint8Array | string, prep: ImagePreprocessing, label = typeof input === "string" ? input : "image"): Promise<Float32Array> {
  const { size, mean, std } = prep;
  // Decode to plain RGB first: in one sharp pipeline the resize would run on premultiplied
  // alpha before the alpha is dropped, moving colours of translucent pixels.
  let rgb: { data: Buffer; info: OutputInfo };
  try {
    rgb = await sharp(input).toColourspace("srgb").removeAlpha().raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new ModelError(`${label} could not be decoded as an image: ${firstLine(error)}`);
  }
  const { width, height, channels } = rgb.info;
  if (width < 1 || height < 1 || channels !== 3) throw new ModelError(`${label} did not decode to RGB pixels (${width}x${height}x${channels})`);

  // torchvision Resize(size): short side -> size, long side int(size * long / short).
  const scale = size / Math.min(width, height);
  const resizedW = width <= height ? size : Math.max(size, Math.trunc(width * scale));
  const resizedH = height < width ? size : Math.max(size, Math.trunc(height * scale));
  // torchvision CenterCrop: offsets int(round((dim - size) / 2)).
  const left = Math.round((resizedW - size) / 2);
  const top = Math.round((resizedH - size) / 2);

  const raw = await sharp(rgb.data, { raw: { width, height, channels: 3 } })
    .resize(resizedW, resizedH, { kernel: "cubic", fit: "fill" })
    .extract({ left, top, width: size, height: size })
    .raw({ depth: "uchar" })
    .toBuffer();
  const plane = size * size;
  if (raw.length !== plane * 3) throw new ModelError(`${label} did not decode to RGB (${raw.length} bytes for ${size}x${size})`);

  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const m = mean[c]!;
    const s = std[c]!;
    for (let p = 0; p < plane; p++) out[c * plane + p] = (raw[p * 3 + c]! / 255 - m) / s;
  }
  return out;
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split("\n")[0]!;
}
