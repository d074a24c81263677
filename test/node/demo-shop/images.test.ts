/** Every painting over HTTP: valid PNG, right size, primary colour really dominant, stable bytes. */
import { decode } from "fast-png";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoShop } from "../../../workers/demo-shop/app.ts";
import { COLOUR_MATCH_DISTANCE, COLOURS, type ColourName } from "../../../workers/demo-shop/colours.ts";
import type { GroundTruth } from "../../../workers/demo-shop/ground-truth.ts";
import { bytesOf, startTestShop, type TestShop } from "../../support/demo-shop.ts";

const BROKEN_IMAGE_CASES = new Set(["missing-image", "oversized-image", "huge-image", "corrupt-image"]);

/** Share of pixels within COLOUR_MATCH_DISTANCE of `name`, computed independently of the shop. */
function share(data: ArrayLike<number>, channels: number, name: ColourName): number {
  const [r, g, b] = COLOURS[name];
  const limit = COLOUR_MATCH_DISTANCE ** 2;
  let hits = 0;
  const pixels = data.length / channels;
  for (let o = 0; o < data.length; o += channels) {
    const dr = (data[o] ?? 0) - r;
    const dg = (data[o + 1] ?? 0) - g;
    const db = (data[o + 2] ?? 0) - b;
    if (dr * dr + dg * dg + db * db <= limit) hits++;
  }
  return hits / pixels;
}

describe("demo shop images", () => {
  let shop: TestShop;
  let truth: GroundTruth;

  beforeAll(async () => {
    shop = await startTestShop();
    const started = performance.now();
    truth = await shop.groundTruth();
    // Ground truth renders, encodes and measures every image: this is the generation time.
    console.log(`rendered ${truth.works.length} images in ${Math.round(performance.now() - started)} ms`);
  }, 120_000);
  afterAll(() => shop?.close());

  it("serves a decodable PNG for every work whose primary colour covers >= 55% of pixels", async () => {
    const works = truth.works.filter((w) => !BROKEN_IMAGE_CASES.has(w.case));
    expect(works.length).toBeGreaterThan(500);
    const perColour = new Map<string, number>();
    for (const work of works) {
      const response = await fetch(work.imageUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      const png = decode(await bytesOf(response));
      expect([png.width, png.height]).toEqual([work.image.width, work.image.height]);
      const primary = share(png.data, png.channels, work.colours.primary.name);
      expect(primary, `work ${work.id} (${work.style})`).toBeGreaterThanOrEqual(0.55);
      expect(primary).toBeCloseTo(work.colours.primary.share, 3);
      for (const secondary of work.colours.secondary) {
        expect(share(png.data, png.channels, secondary.name)).toBeCloseTo(secondary.share, 3);
      }
      perColour.set(work.colours.primary.name, (perColour.get(work.colours.primary.name) ?? 0) + 1);
    }
    for (const name of Object.keys(COLOURS)) expect(perColour.get(name) ?? 0).toBeGreaterThanOrEqual(15);
  });

  it("gives each secondary colour a visible share and keeps the colours apart", () => {
    for (const work of truth.works) {
      const secondaryTotal = work.colours.secondary.reduce((sum, c) => sum + c.share, 0);
      expect(work.colours.primary.share + secondaryTotal).toBeLessThanOrEqual(1.001);
      expect(work.colours.secondary.some((c) => c.share >= 0.03)).toBe(true);
    }
  });

  it("renders byte-identical images in a fresh shop instance", async () => {
    const fresh = createDemoShop();
    const sample = truth.works.filter((w) => !BROKEN_IMAGE_CASES.has(w.case) && w.id % 9 === 0);
    for (const work of sample) {
      const overHttp = await bytesOf(await fetch(work.imageUrl));
      const direct = await bytesOf(await fresh.fetch(new Request(`http://shop.test${new URL(work.imageUrl).pathname}`)));
      expect(Buffer.from(direct).equals(Buffer.from(overHttp)), `image of ${work.id}`).toBe(true);
    }
  });
});
