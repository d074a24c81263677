import { describe, expect, it } from "vitest";
import { attentionMask, bpeIds, END_TOKEN, START_TOKEN, tokenize } from "../../../../offline/models/tokenize";

describe("CLIP tokenizer", () => {
  it("pins 'a photo of a cat' to CLIP's ids, zero-padded to 77", () => {
    const ids = Array.from(tokenize(["a photo of a cat"]), Number);
    expect(ids).toHaveLength(77);
    expect(ids.slice(0, 7)).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
    expect(ids.slice(7).every((v) => v === 0)).toBe(true);
  });

  it("lower-cases and collapses whitespace", () => {
    expect(tokenize(["  A   Photo OF a CAT "])).toEqual(tokenize(["a photo of a cat"]));
  });

  it("lays several texts out row-major as int64 [n, 77]", () => {
    const ids = tokenize(["red", "navy blue"]);
    expect(ids).toBeInstanceOf(BigInt64Array);
    expect(ids.length).toBe(2 * 77);
    expect(Array.from(ids.slice(0, 3), Number)).toEqual([START_TOKEN, 736, END_TOKEN]);
    expect(Array.from(ids.slice(77, 81), Number)).toEqual([START_TOKEN, 5598, 1746, END_TOKEN]);
  });

  it("truncates long texts to 77 and keeps the end token", () => {
    const ids = Array.from(tokenize(["cat ".repeat(200)]), Number);
    expect(ids).toHaveLength(77);
    expect(ids[0]).toBe(START_TOKEN);
    expect(ids[76]).toBe(END_TOKEN);
    expect(ids.slice(1, 76).every((v) => v === 2368)).toBe(true);
  });

  it("encodes non-Latin text through UTF-8 bytes, never undefined ids", () => {
    const ids = bpeIds("café 東京 🎨");
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.every((v) => Number.isInteger(v) && v >= 0 && v < 49406)).toBe(true);
  });

  it("builds an attention mask covering start..end", () => {
    const mask = Array.from(attentionMask(tokenize(["a cat"])), Number);
    expect(mask.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(mask.slice(4).every((v) => v === 0)).toBe(true);
  });
});
