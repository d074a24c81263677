import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { ModelError } from "./errors";

/** The manifest lives beside the ONNX files, under this name. */
export const MANIFEST_FILE = "manifest.json";

// A file name inside the model folder, never a path that could escape it.
const fileName = z.string().regex(/^[A-Za-z0-9._-]+$/, "must be a plain file name inside the model folder");

const encoderSchema = z.object({
  file: fileName,
  input: z.string().min(1),
  output: z.string().min(1),
});

export const manifestSchema = z.object({
  // The id goes into the vector index name, so it must be safe there too.
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and dashes"),
  description: z.string().min(1),
  dimensions: z.number().int().min(1).max(1536),
  imageEncoder: encoderSchema,
  textEncoder: encoderSchema.extend({
    // Some CLIP exports also take an attention mask (1 for tokens, 0 for padding).
    attentionMaskInput: z.string().min(1).optional(),
  }),
  image: z.object({
    size: z.number().int().min(1).max(4096),
    resize: z.literal("bicubic-short-side"),
    crop: z.literal("center"),
    mean: z.tuple([z.number(), z.number(), z.number()]),
    std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  }),
  tokenizer: z.object({
    kind: z.literal("clip-bpe"),
    contextLength: z.literal(77),
  }),
  // What the model cannot do, shown by the pipeline and the app (required for the built-in model).
  limitations: z.string().min(1).optional(),
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type ImagePreprocessing = ModelManifest["image"];

/** CLIP's own normalisation constants (OpenAI CLIP, all ViT and RN models). */
export const CLIP_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

export const CLIP_IMAGE_PREPROCESSING: ImagePreprocessing = {
  size: 224,
  resize: "bicubic-short-side",
  crop: "center",
  mean: CLIP_MEAN,
  std: CLIP_STD,
};

/** Parses a manifest object, turning zod's report into one line. */
export function parseManifest(value: unknown, where: string): ModelManifest {
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new ModelError(`model manifest ${where} is invalid: ${issues}`);
  }
  return result.data;
}

/** Reads and validates `<dir>/manifest.json`. */
export async function readManifest(dir: string): Promise<ModelManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ModelError(`model folder ${dir} has no ${MANIFEST_FILE}: fetch a model (npm run offline -- model fetch clip-vit-b32) or point MODEL_DIR at a model folder`);
    }
    throw new ModelError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelError(`model manifest ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseManifest(json, path);
}
