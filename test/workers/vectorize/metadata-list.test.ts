import { describe, expect, it } from "vitest";
import { vectorFilter } from "../../../app/server/search/filters";
import { ARTWORK_METADATA_INDEXES, artworkVectorMetadata } from "../../../workers/vectorize";

const typeOf = (value: unknown) => (typeof value === "boolean" ? "boolean" : typeof value === "number" ? "number" : "string");
const declared = new Map<string, string>(ARTWORK_METADATA_INDEXES.map((m) => [m.propertyName, m.type]));

/** Every operand of a filter, with its key. */
function operands(filter: Record<string, unknown>): [string, unknown][] {
  return Object.entries(filter).flatMap(([key, condition]) => {
    if (condition === null || typeof condition !== "object") return [[key, condition] as [string, unknown]];
    return Object.values(condition as Record<string, unknown>).flatMap((operand) =>
      (Array.isArray(operand) ? operand : [operand]).map((value) => [key, value] as [string, unknown]),
    );
  });
}

describe("one list of metadata indexes: what is written, filtered on and provisioned", () => {
  it("the search filters only on listed properties, with the listed types", () => {
    const one = vectorFilter({ minPriceMinor: 100, maxPriceMinor: 9000, currency: "USD", orientation: "portrait", size: "large", colours: ["blue"] } as never);
    const many = vectorFilter({ colours: ["blue", "red"] } as never);
    for (const filter of [one, many]) {
      for (const [key, value] of operands(filter as Record<string, unknown>)) {
        expect(declared.has(key), `filter key ${key} has no metadata index`).toBe(true);
        expect(typeOf(value), `filter key ${key}`).toBe(declared.get(key));
      }
    }
    expect(new Set(Object.keys(one))).toEqual(new Set([...declared.keys()]));
  });

  it("the push writes every listed property with its type, and nothing unlisted", () => {
    const metadata = artworkVectorMetadata({ available: true, minPriceMinor: 4500, currency: "EUR", orientation: "landscape", sizeClass: "small", dominantColour: "teal" });
    expect(Object.keys(metadata).sort()).toEqual([...declared.keys()].sort());
    for (const [key, value] of Object.entries(metadata)) expect(typeOf(value), key).toBe(declared.get(key));
    expect(artworkVectorMetadata({ available: false, minPriceMinor: null, currency: null, orientation: null, sizeClass: null, dominantColour: null })).toEqual({ available: false });
  });

  it("fits Vectorize's 10 metadata indexes", () => {
    expect(ARTWORK_METADATA_INDEXES.length).toBeLessThanOrEqual(10);
  });
});
