/**
 * An in-memory stand-in for the parts of the Worker's pipeline API that `thumbs` and
 * `phrases` use, following the same contracts (workers/admin/pipeline.ts; the real routes
 * are tested inside workerd in test/workers/pipeline/), so the steps' logic is tested fast.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { normaliseQueryText } from "../../../../workers/lib/query-text";

export interface FakeAdminApi {
  url: string;
  token: string;
  /** Original images by hash (every one belongs to an artwork). */
  images: Map<string, Uint8Array>;
  /** R2 objects by key (thumbs/<width>/<hash>.webp). */
  objects: Map<string, Uint8Array>;
  /** images.thumbnail_key by hash. */
  thumbnailKeys: Map<string, string>;
  models: Map<string, number>;
  /** model -> text -> vector */
  queryVectors: Map<string, Map<string, number[]>>;
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeAdminApi(): Promise<FakeAdminApi> {
  const token = "fake-token";
  const state = {
    images: new Map<string, Uint8Array>(),
    objects: new Map<string, Uint8Array>(),
    thumbnailKeys: new Map<string, string>(),
    models: new Map<string, number>(),
    queryVectors: new Map<string, Map<string, number[]>>(),
    requests: [] as string[],
  };
  const app = new Hono();
  app.use("*", async (c, next) => {
    if (c.req.header("Authorization") !== `Bearer ${token}`) return c.json({ error: "unauthorized", message: "no" }, 401);
    state.requests.push(`${c.req.method} ${c.req.path}`);
    await next();
  });
  const p = "/admin/pipeline";

  app.get(`${p}/images/:hash`, (c) => {
    const bytes = state.images.get(c.req.param("hash"));
    return bytes ? c.body(new Uint8Array(bytes)) : c.json({ error: "not_found", message: "no image" }, 404);
  });

  app.get(`${p}/thumbnails/missing`, (c) => {
    const after = c.req.query("after") ?? "";
    const limit = Number(c.req.query("limit") ?? 1000);
    const hashes = [...state.images.keys()].filter((h) => !state.thumbnailKeys.has(h) && h > after).sort().slice(0, limit);
    return c.json({ hashes, next: hashes.length === limit ? hashes.at(-1)! : null });
  });

  app.put(`${p}/thumbnails/:hash/:width`, async (c) => {
    const { hash, width } = c.req.param();
    if (c.req.header("Content-Type") !== "image/webp") return c.json({ error: "unsupported_media_type", message: "webp" }, 415);
    if (!state.images.has(hash)) return c.json({ error: "unknown_image", message: "no image" }, 404);
    if (width === "320" && !state.objects.has(`thumbs/640/${hash}.webp`)) return c.json({ error: "thumbnail_order", message: "640 first" }, 409);
    const key = `thumbs/${width}/${hash}.webp`;
    state.objects.set(key, new Uint8Array(await c.req.arrayBuffer()));
    if (width === "320") state.thumbnailKeys.set(hash, key);
    return c.json({ hash, width: Number(width), key });
  });

  app.put(`${p}/models/:id`, async (c) => {
    const { dimensions } = (await c.req.json()) as { dimensions: number };
    state.models.set(c.req.param("id"), dimensions);
    return c.json({ model: { id: c.req.param("id"), dimensions } });
  });

  app.get(`${p}/query-vectors`, (c) => {
    const after = c.req.query("after") ?? "";
    const limit = Number(c.req.query("limit") ?? 1000);
    const texts = [...(state.queryVectors.get(c.req.query("model")!)?.keys() ?? [])].filter((t) => t > after).sort().slice(0, limit);
    return c.json({ model: c.req.query("model"), texts, next: texts.length === limit ? texts.at(-1)! : null });
  });

  app.put(`${p}/query-vectors`, async (c) => {
    const input = (await c.req.json()) as { model: string; entries: { text: string; vector: number[] }[] };
    const dims = state.models.get(input.model);
    if (dims === undefined) return c.json({ error: "unknown_model", message: "register first" }, 404);
    if (input.entries.length < 1 || input.entries.length > 1000) return c.json({ error: "invalid_request", message: "1..1000" }, 400);
    const table = state.queryVectors.get(input.model) ?? new Map<string, number[]>();
    state.queryVectors.set(input.model, table);
    for (const entry of input.entries) {
      if (entry.vector.length !== dims) return c.json({ error: "dimension_mismatch", message: "dims" }, 400);
      table.set(normaliseQueryText(entry.text), entry.vector);
    }
    return c.json({ model: input.model, upserted: input.entries.length });
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    s.once("error", reject);
    s.once("listening", () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    ...state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
