import { COLOUR_NAMES, COLOURS, type ColourName } from "../../workers/demo-shop/colours";
import { CLIP_IMAGE_PREPROCESSING, type ModelManifest } from "./manifest";
import type { ModelFiles } from "./model-folder";
import { encodeModel, FLOAT, floatTensor, INT64, int64Tensor, node, valueInfo } from "./onnx-graph";
import { bpeIds } from "./tokenize";

/**
 * The built-in model: a hand-weighted "colour CLIP" with CLIP ViT-B/32's exact
 * input/output contract, so the whole pipeline and semantic search run without a
 * download. An image maps to its colour composition (the share of its pixels nearest
 * each palette colour); a text maps to the colours it names. Both live in the same
 * 16-d space, one axis per colour of the demo shop's palette.
 */

export const BUILTIN_MODEL_ID = "builtin-colour-v1";
export const BUILTIN_DIMENSIONS = COLOUR_NAMES.length;

/** Pixel-to-colour softness, in 0-255 RGB units: shading (<= 13) stays with its colour. */
export const SOFTNESS_SIGMA = 12;
/** Pixels are averaged in blocks of this size first: cheaper, and 56x56 is plenty for colour. */
export const POOL = 4;
/** Added to every text vector so text naming no colour means "any colour", never a zero vector. */
export const TEXT_PRIOR = 1e-3;

type Weights = Partial<Record<ColourName, number>>;

/** Colour words and what they mean in palette terms (each must be one CLIP BPE token). */
export const COLOUR_WORDS: Readonly<Record<string, Weights>> = {
  ...Object.fromEntries(COLOUR_NAMES.map((name) => [name, { [name]: 1 }])),
  gray: { grey: 1 }, silver: { grey: 1 }, slate: { grey: 1 }, ash: { grey: 1 },
  scarlet: { red: 1 }, cherry: { red: 1 }, reds: { red: 1 },
  maroon: { crimson: 1 }, burgundy: { crimson: 1 }, wine: { crimson: 1 }, ruby: { crimson: 1 },
  amber: { orange: 1 }, coral: { pink: 0.5, orange: 0.5 }, salmon: { pink: 0.6, orange: 0.4 },
  lemon: { yellow: 1 }, mustard: { gold: 1 }, golden: { gold: 1 },
  emerald: { green: 1 }, jade: { green: 1 }, lime: { green: 1 }, greens: { green: 1 },
  khaki: { olive: 1 },
  turquoise: { teal: 1 }, aqua: { teal: 1 },
  azure: { blue: 1 }, cobalt: { blue: 1 }, sapphire: { blue: 1 }, blues: { blue: 1 },
  indigo: { navy: 1 },
  violet: { purple: 1 }, lavender: { purple: 1 }, plum: { purple: 1 }, lilac: { purple: 1 },
  magenta: { pink: 0.5, purple: 0.5 }, rose: { pink: 1 }, blush: { pink: 1 },
  chocolate: { brown: 1 }, tan: { brown: 1 }, bronze: { brown: 0.5, gold: 0.5 }, copper: { brown: 0.5, orange: 0.5 }, rust: { brown: 0.5, orange: 0.5 },
  ebony: { black: 1 }, onyx: { black: 1 }, charcoal: { black: 0.5, grey: 0.5 },
  ivory: { white: 1 }, cream: { white: 1 }, snow: { white: 1 }, pearl: { white: 1 }, beige: { white: 1 },
};

export const BUILTIN_LIMITATIONS =
  "Built-in colour model, not CLIP: it sees only colour. Images map to their share of the 16 demo-palette colours " +
  `(${COLOUR_NAMES.join(", ")}); text maps only the colour words it knows (${Object.keys(COLOUR_WORDS).length} of them, e.g. navy, crimson, teal, gold). ` +
  "It does not understand subjects, styles, moods, negation (\"not blue\") or shades (\"light blue\"); text without a colour word matches everything equally. " +
  "Fetch CLIP ViT-B/32 (npm run offline -- model fetch clip-vit-b32) for real semantic search.";

export function builtinManifest(): ModelManifest {
  return {
    id: BUILTIN_MODEL_ID,
    description: "Hand-weighted colour model with CLIP's input/output contract: image -> colour composition, colour words -> the same 16-d space.",
    dimensions: BUILTIN_DIMENSIONS,
    imageEncoder: { file: "image.onnx", input: "pixel_values", output: "image_embeds" },
    textEncoder: { file: "text.onnx", input: "input_ids", output: "text_embeds" },
    image: CLIP_IMAGE_PREPROCESSING,
    tokenizer: { kind: "clip-bpe", contextLength: 77 },
    limitations: BUILTIN_LIMITATIONS,
  };
}

/** image [N,3,S,S] CLIP-normalised -> per-block softmax over palette distances -> mean = composition [N,K]. */
function imageGraph(manifest: ModelManifest): Uint8Array {
  const { size, mean, std } = manifest.image;
  const K = COLOUR_NAMES.length;
  const rgb = COLOUR_NAMES.map((n) => COLOURS[n]);
  const { input, output } = manifest.imageEncoder;
  return encodeModel({
    name: `${manifest.id}-image`,
    docString: "Colour composition of an image over the demo palette.",
    inputs: [valueInfo(input, FLOAT, ["batch", 3, size, size])],
    outputs: [valueInfo(output, FLOAT, ["batch", K])],
    initializers: [
      // Undo CLIP's normalisation and scale to 0-255: x * std * 255 + mean * 255.
      floatTensor("scale", [1, 3, 1, 1], std.map((s) => s * 255)),
      floatTensor("offset", [1, 3, 1, 1], mean.map((m) => m * 255)),
      int64Tensor("channel_axis", [1], [1]),
      // |x - c|^2 = |x|^2 - 2 x.c + |c|^2: the cross term and |c|^2 as a 1x1 convolution.
      floatTensor("palette_w", [K, 3, 1, 1], rgb.flatMap((c) => c.map((v) => -2 * v))),
      floatTensor("palette_b", [K], rgb.map((c) => c[0] * c[0] + c[1] * c[1] + c[2] * c[2])),
      floatTensor("neg_inv_2sigma2", [], [-1 / (2 * SOFTNESS_SIGMA * SOFTNESS_SIGMA)]),
    ],
    nodes: [
      node("Mul", [input, "scale"], ["scaled"]),
      node("Add", ["scaled", "offset"], ["rgb255"]),
      node("AveragePool", ["rgb255"], ["blocks"], { kernel_shape: [POOL, POOL], strides: [POOL, POOL] }),
      node("Mul", ["blocks", "blocks"], ["blocks_sq"]),
      node("ReduceSum", ["blocks_sq", "channel_axis"], ["x_norm2"], { keepdims: 1 }),
      node("Conv", ["blocks", "palette_w", "palette_b"], ["cross"]),
      node("Add", ["cross", "x_norm2"], ["dist2"]),
      node("Mul", ["dist2", "neg_inv_2sigma2"], ["logits"]),
      node("Softmax", ["logits"], ["membership"], { axis: 1 }),
      node("ReduceMean", ["membership"], [output], { axes: [2, 3], keepdims: 0 }),
    ],
  });
}

/** Colour-word vocabulary as (BPE id, palette weights) rows; throws if a word is not one token. */
export function colourVocabulary(): { word: string; id: number; weights: number[] }[] {
  return Object.entries(COLOUR_WORDS).map(([word, weights]) => {
    const ids = bpeIds(word);
    if (ids.length !== 1) throw new Error(`colour word "${word}" is ${ids.length} CLIP tokens, the built-in model needs one`);
    return { word, id: ids[0]!, weights: COLOUR_NAMES.map((n) => weights[n] ?? 0) };
  });
}

/** ids [N,77] -> count of each colour word -> palette weights summed -> + prior -> unit length [N,K]. */
function textGraph(manifest: ModelManifest): Uint8Array {
  const K = COLOUR_NAMES.length;
  const vocab = colourVocabulary();
  const M = vocab.length;
  const { input, output } = manifest.textEncoder;
  const n = manifest.tokenizer.contextLength;
  return encodeModel({
    name: `${manifest.id}-text`,
    docString: "Colour words of a CLIP-tokenised text over the demo palette.",
    inputs: [valueInfo(input, INT64, ["batch", n])],
    outputs: [valueInfo(output, FLOAT, ["batch", K])],
    initializers: [
      int64Tensor("last_axis", [1], [2]),
      int64Tensor("token_axis", [1], [1]),
      int64Tensor("word_ids", [M], vocab.map((v) => v.id)),
      floatTensor("word_weights", [M, K], vocab.flatMap((v) => v.weights)),
      floatTensor("prior", [K], new Array<number>(K).fill(TEXT_PRIOR)),
    ],
    nodes: [
      // A tiny embedding lookup: compare every token with the colour-word ids.
      node("Unsqueeze", [input, "last_axis"], ["ids3"]),
      node("Equal", ["ids3", "word_ids"], ["is_word"]),
      node("Cast", ["is_word"], ["is_word_f"], { to: FLOAT }),
      node("ReduceSum", ["is_word_f", "token_axis"], ["word_counts"], { keepdims: 0 }),
      node("MatMul", ["word_counts", "word_weights"], ["colours"]),
      node("Add", ["colours", "prior"], ["colours_p"]),
      node("ReduceL2", ["colours_p"], ["length"], { axes: [1], keepdims: 1 }),
      node("Div", ["colours_p", "length"], [output]),
    ],
  });
}

/** The whole built-in model: manifest and both ONNX files, byte-for-byte deterministic. */
export function buildBuiltinModel(): ModelFiles {
  const manifest = builtinManifest();
  return { manifest, image: imageGraph(manifest), text: textGraph(manifest) };
}
