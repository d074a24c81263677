/** The wall planner's arithmetic (issue 15): sizes, snapping, equal spacing, automatic layout, units. */
import { describe, expect, it } from "vitest";
import { autoLayout, chosenSize, clampToWall, defaultSize, formatLength, outerSize, rulerTicks, snapRect, spaceEvenly } from "../../app/components/wall-planner/geometry";
import { swatchShares } from "../../app/components/wall-planner/room-colours";

const sizes = [
  { label: "Large", widthCm: 60, heightCm: 40, priceMinor: 9000, currency: "USD" },
  { label: "Small", widthCm: 30, heightCm: 20, priceMinor: 4000, currency: "USD" },
  { label: "Poster", widthCm: 20, heightCm: 15, priceMinor: null, currency: null },
];

describe("wall geometry", () => {
  it("picks the cheapest priced size by default and a named one when it exists", () => {
    expect(defaultSize(sizes)?.label).toBe("Small");
    expect(chosenSize(sizes, "Large")?.label).toBe("Large");
    expect(chosenSize(sizes, "Gone")?.label).toBe("Small");
    expect(defaultSize([])).toBeNull();
  });

  it("adds the mat and the moulding on each side", () => {
    expect(outerSize({ widthCm: 60, heightCm: 40 }, "black", 8)).toEqual({ w: 81, h: 61 });
    expect(outerSize({ widthCm: 60, heightCm: 40 }, "none", 0)).toEqual({ w: 60, h: 40 });
  });

  it("snaps an edge or centre to another frame's edges and centre lines within 3 cm, each axis apart", () => {
    const other = { x: 100, y: 50, w: 40, h: 30 };
    const wall = { widthCm: 300, heightCm: 250 };
    // Left edge 2 cm right of the other's right edge: snaps to 140. Nothing near in y: stays.
    expect(snapRect({ x: 142, y: 100, w: 30, h: 20 }, [other], wall)).toEqual({ x: 140, y: 100, guides: [{ axis: "x", at: 140 }] });
    // Centres: the other's centre line y = 65; a 20 cm high frame at y 54 has its centre at 64.
    expect(snapRect({ x: 200, y: 54, w: 20, h: 20 }, [other], wall).y).toBe(55);
    // The wall's centre line x = 150: a 40 cm frame at 128 (centre 148) snaps to 130.
    expect(snapRect({ x: 128, y: 200, w: 40, h: 20 }, [], wall).x).toBe(130);
    expect(snapRect({ x: 10, y: 10, w: 20, h: 20 }, [other], wall)).toMatchObject({ x: 10, y: 10, guides: [] });
  });

  it("spaces frames evenly between the outermost two", () => {
    const xs = spaceEvenly([
      { x: 0, y: 0, w: 20, h: 10 },
      { x: 100, y: 0, w: 20, h: 10 },
      { x: 30, y: 0, w: 40, h: 10 },
    ]);
    // Span 0..120, widths 80: two gaps of 20.
    expect(xs).toEqual([0, 100, 40]);
  });

  it("lays out a row centred on the wall at eye level, or above the furniture, and wraps when too wide", () => {
    const row = autoLayout({ widthCm: 300, heightCm: 250, furniture: "none" }, [{ w: 50, h: 40 }, { w: 30, h: 20 }]);
    expect(row[0]).toEqual({ x: 105, y: 85 });
    expect(row[1]).toEqual({ x: 165, y: 95 });
    const sofa = autoLayout({ widthCm: 300, heightCm: 250, furniture: "sofa" }, [{ w: 50, h: 90 }]);
    // Sofa top at 165 from the top; 25 cm above it: bottom at 140.
    expect(sofa[0]!.y + 90).toBeLessThanOrEqual(140);
    const wrapped = autoLayout({ widthCm: 200, heightCm: 250, furniture: "none" }, [{ w: 100, h: 50 }, { w: 100, h: 50 }]);
    expect(wrapped[1]!.y).toBeGreaterThan(wrapped[0]!.y);
  });

  it("keeps frames on the wall, and speaks centimetres and inches", () => {
    expect(clampToWall({ x: 290, y: -5, w: 20, h: 20 }, { widthCm: 300, heightCm: 250 })).toEqual({ x: 280, y: 0 });
    expect(formatLength(254, "in")).toBe("100 in");
    expect(rulerTicks(100, "cm").filter((t) => t.label).map((t) => t.label)).toEqual(["0", "50", "100"]);
  });

  it("names a photo's dominant colours with the site's swatches", () => {
    const px = new Uint8ClampedArray(10 * 4);
    for (let i = 0; i < 10; i++) px.set(i < 7 ? [20, 40, 200, 255] : [250, 250, 240, 255], i * 4);
    const shares = swatchShares(px, [
      { name: "blue", hex: "#1e3cc8" },
      { name: "white", hex: "#ffffff" },
      { name: "red", hex: "#d02020" },
    ]);
    expect(shares.map((s) => [s.name, s.share])).toEqual([
      ["blue", 0.7],
      ["white", 0.3],
    ]);
  });
});
