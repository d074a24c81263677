import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { forgetActiveModel } from "../../app/server/models.server";
import { request } from "./fixtures";

// No seedCatalogue: the pipeline has not run yet.
describe("GET /api/map before the pipeline has run", () => {
  it("answers 200 with empty lists, never a 404", async () => {
    forgetActiveModel();
    const res = await SELF.fetch(request("/api/map"));
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public/);
    expect(await res.json()).toEqual({ model: null, aspect: 1, total: 0, clusters: [], level: 5, cells: [] });
    const tile = await SELF.fetch(request("/api/map/points/0/0/0"));
    expect(await tile.json()).toEqual({ z: 0, x: 0, y: 0, dense: false, points: [] });
  });
});
