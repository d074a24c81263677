import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("answers its health check", async () => {
  const res = await SELF.fetch("http://example.com/health");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
});
