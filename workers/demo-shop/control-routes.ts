/**
 * Control endpoints under /__demo/ for tests and the dev stack. Not linked, not in robots.txt
 * or sitemaps, and not written to the request log (they are the harness, not a crawler).
 */
import type { Hono } from "hono";
import { registerDohRoutes } from "./doh.ts";
import { buildGroundTruth } from "./ground-truth.ts";
import { mainOrigin, type ShopRuntime } from "./runtime.ts";

export const CONTROL_PREFIX = "/__demo";

export function registerControlRoutes(app: Hono, runtime: ShopRuntime): void {
  app.get(`${CONTROL_PREFIX}/ground-truth.json`, (c) =>
    c.json(
      buildGroundTruth({
        state: runtime.state(),
        images: runtime.images,
        origin: mainOrigin(runtime, c.req.raw),
        partnerOrigin: runtime.partnerBaseUrl ?? null,
        crawlDelay: runtime.crawlDelay,
        faults: runtime.faults?.plan() ?? null,
      }),
    ),
  );

  // The fault plan and every fault injected so far (null plan when the shop runs without faults).
  app.get(`${CONTROL_PREFIX}/faults`, (c) =>
    c.json({
      plan: runtime.faults?.plan() ?? null,
      applied: runtime.faults?.applied ?? [],
      requests: Object.fromEntries(runtime.faults?.counts ?? []),
    }),
  );

  registerDohRoutes(app, runtime.dns, CONTROL_PREFIX);

  app.get(`${CONTROL_PREFIX}/log`, (c) => c.json(runtime.requestLog));

  app.post(`${CONTROL_PREFIX}/log/clear`, (c) => {
    runtime.requestLog.length = 0;
    return c.json({ ok: true });
  });

  app.get(`${CONTROL_PREFIX}/version`, (c) => c.json({ version: runtime.version }));

  app.post(`${CONTROL_PREFIX}/version`, async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const version = typeof body === "object" && body !== null ? (body as { version?: unknown }).version : undefined;
    if (version !== 1 && version !== 2) return c.json({ error: 'expected {"version": 1} or {"version": 2}' }, 400);
    runtime.version = version;
    return c.json({ version });
  });
}
