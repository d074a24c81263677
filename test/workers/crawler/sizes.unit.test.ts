import { describe, expect, it } from "vitest";
import { orientationOf, parseDimensions, parseLength, toCm } from "../../../workers/crawler/parse/sizes.ts";

describe("parseDimensions", () => {
  it.each([
    ["30 × 40 cm", 30, 40],
    ["30x40cm", 30, 40],
    ["30 X 40 CM", 30, 40],
    ["30*40 cm", 30, 40],
    ["30 cm x 40 cm", 30, 40],
    ["12 x 16 in", 30.5, 40.6],
    ['12" x 16"', 30.5, 40.6],
    ["12″ × 16″", 30.5, 40.6],
    ["16 x 20 inches", 40.6, 50.8],
    ["8x10in", 20.3, 25.4],
    ["60 by 90 cm", 60, 90],
    ["W 50 cm x H 70 cm", 50, 70],
    ["H 70 x W 50 cm", 50, 70],
    ["50 cm (W) x 70 cm (H)", 50, 70],
    ["Width: 50cm, Height: 70cm", 50, 70],
    ["Height 70 cm, width 50 cm", 50, 70],
    ["500 x 700 mm", 50, 70],
    ["1,200 x 800 mm", 120, 80],
    ["0.5 x 0.7 m", 50, 70],
    ["29,7 x 42 cm", 29.7, 42],
    ["12.5 x 16.25 in", 31.8, 41.3],
    ["2' x 3'", 61, 91.4],
    ["Large (70 × 100 cm)", 70, 100],
    ["Size: 30 × 40 cm — $45", 30, 40],
    ["A3", 29.7, 42],
  ])("%j -> %s × %s cm", (text, widthCm, heightCm) => {
    expect(parseDimensions(text)).toMatchObject({ widthCm, heightCm });
  });

  it("keeps a depth when given", () => {
    expect(parseDimensions("30 x 40 x 2 cm")).toEqual({ widthCm: 30, heightCm: 40, depthCm: 2 });
  });

  it("needs a unit unless a default is given", () => {
    expect(parseDimensions("30x40")).toBeNull();
    expect(parseDimensions("30x40", "cm")).toEqual({ widthCm: 30, heightCm: 40 });
    expect(parseDimensions("12 x 16", "in")).toEqual({ widthCm: 30.5, heightCm: 40.6 });
  });

  it("rejects what is not a size", () => {
    for (const text of ["", "One size", "Oil on canvas", "$45", "0 x 40 cm", "99999 x 40 m", "x cm", "30 cm"]) {
      expect(parseDimensions(text), text).toBeNull();
    }
  });
});

describe("parseLength and toCm", () => {
  it("reads values with units and unit codes", () => {
    expect(parseLength("30 cm")).toBe(30);
    expect(parseLength("12in")).toBe(30.5);
    expect(parseLength(12, "INH")).toBe(30.5);
    expect(parseLength(300, "MMT")).toBe(30);
    expect(parseLength(30, "CMT")).toBe(30);
    expect(parseLength("30,5 cm")).toBe(30.5);
    expect(parseLength(30)).toBeNull();
    expect(parseLength("thirty cm")).toBeNull();
  });

  it("rounds to a tenth of a centimetre", () => {
    expect(toCm(1, "in")).toBe(2.5);
    expect(toCm(11.7, "in")).toBe(29.7);
    expect(toCm(36, "in")).toBe(91.4);
  });
});

describe("orientationOf", () => {
  it.each([
    [30, 40, "portrait"],
    [40, 30, "landscape"],
    [50, 50, "square"],
    [50, 51, "square"],
    [360, 352, "square"],
    [50, 53, "portrait"],
    [360, 240, "landscape"],
  ] as const)("%s × %s -> %s", (w, h, orientation) => {
    expect(orientationOf(w, h)).toBe(orientation);
  });

  it("is null without both sides", () => {
    expect(orientationOf(0, 10)).toBeNull();
    expect(orientationOf(Number.NaN, 10)).toBeNull();
  });
});
