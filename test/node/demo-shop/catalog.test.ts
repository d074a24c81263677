/** The catalogue generator on its own: size, variety, determinism and the version-2 changes. */
import { describe, expect, it } from "vitest";
import { generateCatalog } from "../../../workers/demo-shop/catalog.ts";
import {
  COLOUR_MATCH_DISTANCE,
  COLOUR_NAMES,
  COLOURS,
  SHADING_MAX_DISTANCE,
  colourDistance,
} from "../../../workers/demo-shop/colours.ts";
import { GRADIENT_MAX, TEXTURE_MAX } from "../../../workers/demo-shop/painting.ts";
import { STYLES } from "../../../workers/demo-shop/types.ts";

const v1 = generateCatalog(1);
const v2 = generateCatalog(2);

describe("demo catalogue", () => {
  it("is deterministic: two generations are identical", () => {
    expect(JSON.stringify(generateCatalog(1))).toBe(JSON.stringify(v1));
    expect(JSON.stringify(generateCatalog(2))).toBe(JSON.stringify(v2));
  });

  it("has 500+ works covering every style, orientation and colour", () => {
    expect(v1.artworks.length).toBeGreaterThanOrEqual(520);
    for (const style of STYLES) expect(v1.artworks.filter((w) => w.style === style).length).toBeGreaterThan(50);
    for (const orientation of ["portrait", "landscape", "square"]) {
      expect(v1.artworks.filter((w) => w.orientation === orientation).length).toBeGreaterThan(50);
    }
    for (const colour of COLOUR_NAMES) {
      expect(v1.artworks.filter((w) => w.primaryColour === colour).length).toBeGreaterThanOrEqual(15);
    }
  });

  it("uses a palette whose colours a shaded pixel can never confuse", () => {
    expect(Math.sqrt(3) * (GRADIENT_MAX + TEXTURE_MAX)).toBeLessThanOrEqual(SHADING_MAX_DISTANCE);
    for (const a of COLOUR_NAMES) {
      for (const b of COLOUR_NAMES) {
        if (a < b) expect(colourDistance(COLOURS[a], COLOURS[b]), `${a}/${b}`).toBeGreaterThan(COLOUR_MATCH_DISTANCE + SHADING_MAX_DISTANCE);
      }
    }
  });

  it("gives every work a unique id, slug and title", () => {
    for (const key of ["id", "slug", "title"] as const) {
      expect(new Set(v1.artworks.map((w) => w[key])).size).toBe(v1.artworks.length);
      expect(new Set([...v2.artworks, ...v2.removed].map((w) => w[key])).size).toBe(v2.artworks.length + v2.removed.length);
    }
  });

  it("spreads extraction syntaxes about 70/10/10/10 and uses three currencies", () => {
    const share = (syntax: string): number => v1.artworks.filter((w) => w.syntax === syntax).length / v1.artworks.length;
    expect(share("jsonld")).toBeGreaterThan(0.65);
    for (const syntax of ["microdata", "opengraph", "client-rendered"]) {
      expect(share(syntax)).toBeGreaterThan(0.08);
      expect(share(syntax)).toBeLessThan(0.12);
    }
    const currencies = new Set(v1.artworks.map((w) => w.currency));
    expect([...currencies].sort()).toEqual(["EUR", "GBP", "USD"]);
    expect(v1.artworks.filter((w) => w.currency === "USD").length / v1.artworks.length).toBeGreaterThan(0.7);
  });

  it("keeps sizes, orientation and image aspect consistent", () => {
    for (const work of v1.artworks) {
      expect(work.sizes.length).toBeGreaterThanOrEqual(2);
      expect(work.sizes.length).toBeLessThanOrEqual(4);
      expect(work.secondaryColours.length).toBeGreaterThanOrEqual(1);
      expect(work.secondaryColours.length).toBeLessThanOrEqual(3);
      const { width, height } = work.image;
      expect(Math.max(width, height)).toBeGreaterThanOrEqual(300);
      const expected = width > height ? "landscape" : width < height ? "portrait" : "square";
      expect(work.orientation).toBe(expected);
      for (const size of work.sizes) {
        expect(Number.isInteger(size.price)).toBe(true);
        expect(size.label).toBe(`${size.widthCm} × ${size.heightCm} cm`);
        expect(Math.abs(size.widthCm / size.heightCm - width / height)).toBeLessThan(0.02);
      }
    }
  });

  it("has artists with many works and artists with few", () => {
    const counts = new Map<string, number>();
    for (const w of v1.artworks) counts.set(w.artist, (counts.get(w.artist) ?? 0) + 1);
    expect(counts.size).toBeGreaterThanOrEqual(50);
    expect(Math.max(...counts.values())).toBeGreaterThanOrEqual(20);
  });

  it("derives version 2: ~10% repriced, ~5% removed, ~5% new, the rest byte-identical", () => {
    const before = new Map(v1.artworks.map((w) => [w.id, w]));
    const repriced = v2.artworks.filter((w) => before.has(w.id) && JSON.stringify(w) !== JSON.stringify(before.get(w.id)));
    const added = v2.artworks.filter((w) => !before.has(w.id));
    const n = v1.artworks.length;
    expect(repriced.length / n).toBeGreaterThan(0.07);
    expect(repriced.length / n).toBeLessThan(0.13);
    expect(v2.removed.length / n).toBeGreaterThan(0.03);
    expect(v2.removed.length / n).toBeLessThan(0.07);
    expect(added.length / n).toBeGreaterThan(0.03);
    expect(added.length / n).toBeLessThan(0.07);
    for (const work of repriced) {
      const old = before.get(work.id);
      expect(old).toBeDefined();
      // Only prices and the modification date change.
      expect({ ...work, sizes: work.sizes.map((s) => ({ ...s, price: 0 })), lastModified: "" }).toEqual({
        ...old,
        sizes: old?.sizes.map((s) => ({ ...s, price: 0 })),
        lastModified: "",
      });
      expect(work.sizes.map((s) => s.price)).not.toEqual(old?.sizes.map((s) => s.price));
      expect(work.lastModified > (old?.lastModified ?? "")).toBe(true);
    }
    for (const gone of v2.removed) expect(v2.artworks.some((w) => w.id === gone.id)).toBe(false);
    expect(Math.min(...added.map((w) => w.id))).toBeGreaterThan(Math.max(...v1.artworks.map((w) => w.id)));
    expect(v2.partner).toEqual(v1.partner);
  });

  it("resells ~20 works in the partner shop at its own prices", () => {
    const products = v1.partner.products;
    expect(products.length).toBe(20);
    for (const product of products) {
      const source = v1.artworks.find((w) => w.id === product.sourceId);
      expect(source?.case).toBe("normal");
      expect(product.title).toBe(source?.title);
      expect(product.currency === source?.currency && product.sizes[0]?.price === source?.sizes[0]?.price).toBe(false);
    }
  });
});
