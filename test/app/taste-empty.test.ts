import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { forgetActiveModel } from "../../app/server/models.server";
import { request } from "./fixtures";

// No seedCatalogue: the pipeline has not made any vibes yet.
describe("GET /api/taste before the pipeline has run", () => {
  it("answers 404 no_clusters with a clear message", async () => {
    forgetActiveModel();
    const res = await SELF.fetch(request("/api/taste?step=1"));
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("no_clusters");
    expect(body.message).toMatch(/vibes/);
  });
});
