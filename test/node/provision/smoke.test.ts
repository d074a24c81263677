import { describe, expect, it } from "vitest";
import type { Command, Runner } from "../../../scripts/lib/provision/runner";
import { SMOKE_ARTWORK_ID, SMOKE_TEXT, smokeTest } from "../../../scripts/lib/provision/smoke";

const model = { id: "builtin-colour-v1", dimensions: 16, index: "artworks-builtin-colour-v1", binding: "VECTORIZE_BUILTIN_COLOUR_V1" };

/** A deployment answering like the Worker and the site; its vector write is processed after two polls. */
function deployment(found = true) {
  const seen: string[] = [];
  let polls = 0;
  const fetcher = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const auth = new Headers(init?.headers).get("Authorization");
    seen.push(`${init?.method ?? "GET"} ${url.host}${url.pathname}`);
    if (url.pathname === "/health") return Response.json({ ok: true });
    if (url.pathname.startsWith("/admin/")) {
      if (auth !== "Bearer tok") return Response.json({ error: "unauthorized" }, { status: 401 });
      if (url.pathname.endsWith("/vectors")) return Response.json({ upserted: 1, mutationId: "m-1" });
      if (url.pathname.endsWith("/vectors/status")) return Response.json({ processedUpToMutation: ++polls > 2 ? "m-1" : null });
      return Response.json({});
    }
    if (url.pathname === "/api/search" && url.searchParams.get("q") === SMOKE_TEXT) {
      return Response.json({ results: found ? [{ id: SMOKE_ARTWORK_ID }] : [] });
    }
    return new Response("not found", { status: 404 });
  }) as typeof fetch;
  return { seen, fetcher, polls: () => polls };
}

const recorder = () => {
  const commands: Command[] = [];
  const runner: Runner = { dryRun: false, run: async (c) => (commands.push(c), "") };
  return { commands, runner };
};

const options = (fetcher: typeof fetch) => ({
  workerUrl: "https://art-snob-crawler.op.workers.dev", siteUrl: "https://art-snob-app.pages.dev", adminToken: "tok", model, fetch: fetcher, pollMs: 1, log: () => undefined,
});

describe("the provision smoke test", () => {
  it("checks health and admin auth, pushes one vector, waits for processedUpToMutation, then finds it by search", async () => {
    const { seen, fetcher, polls } = deployment();
    const { commands, runner } = recorder();
    await smokeTest(runner, options(fetcher));
    expect(seen[0]).toBe("GET art-snob-crawler.op.workers.dev/health");
    expect(seen.indexOf("POST art-snob-crawler.op.workers.dev/admin/pipeline/vectors")).toBeLessThan(seen.indexOf("GET art-snob-app.pages.dev/api/search"));
    expect(polls()).toBe(3);
    expect(commands.map((c) => c.args.at(-1)!.includes("SET available = 1"))).toEqual([true, false]);
  });

  it("fails with one line when the search does not find the vector", async () => {
    await expect(smokeTest(recorder().runner, options(deployment(false).fetcher))).rejects.toThrow(
      `smoke test: searching "${SMOKE_TEXT}" did not find the smoke artwork ${SMOKE_ARTWORK_ID}`,
    );
  });
});
