/** Admin routes for sources (shops): list them, create or update one by slug. */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { z } from "zod";
import * as schema from "../db/schema";
import type { Env } from "../env";
import { HttpError } from "../http/errors";
import { jsonBody, params } from "../http/validate";

const regex = z.string().max(500).refine((p) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");
const httpUrl = z.string().url().max(2000).refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

export const sourceInput = z.object({
  name: z.string().min(1).max(200),
  baseUrl: httpUrl,
  startUrls: z.array(httpUrl).max(100).default([]),
  sitemapUrls: z.array(httpUrl).max(100).default([]),
  allowedUrlPatterns: z.array(regex).max(50).default([]),
  productUrlPatterns: z.array(regex).max(50).default([]),
  renderMode: z.enum(["never", "auto", "always"]).default("auto"),
  selectors: z
    .object({ product: z.string(), title: z.string(), artist: z.string(), price: z.string(), image: z.string(), description: z.string(), sizes: z.string(), tags: z.string() })
    .partial()
    .nullable()
    .default(null),
  affiliateTemplate: z.string().max(2000).nullable().default(null),
  defaultCurrency: z.string().regex(/^[A-Z]{3}$/).nullable().default(null),
  crawlDelayMs: z.number().int().min(0).max(600_000).default(1000),
  crawlIntervalMinutes: z.number().int().min(1).max(60 * 24 * 30).default(1440),
  missingRunsBeforeUnavailable: z.number().int().min(1).max(100).default(3),
  maxPagesPerRun: z.number().int().min(1).max(1_000_000).default(20000),
  enabled: z.boolean().default(true),
});

const slugParam = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "a slug is lower-case letters, digits and hyphens") });

export const sourceRoutes = new Hono<{ Bindings: Env }>();

sourceRoutes.get("/", async (c) => {
  const db = drizzle(c.env.DB, { schema });
  return c.json({ sources: await db.query.sources.findMany({ orderBy: schema.sources.id }) });
});

sourceRoutes.get("/:slug", async (c) => {
  const { slug } = params(c.req.param(), slugParam);
  const db = drizzle(c.env.DB, { schema });
  const source = await db.query.sources.findFirst({ where: eq(schema.sources.slug, slug) });
  if (!source) throw new HttpError(404, "not_found", `No source '${slug}'.`);
  return c.json({ source });
});

sourceRoutes.put("/:slug", async (c) => {
  const { slug } = params(c.req.param(), slugParam);
  const input = await jsonBody(c, sourceInput);
  const db = drizzle(c.env.DB, { schema });
  const values = { ...input, slug, updatedAt: Date.now() };
  const [source] = await db.insert(schema.sources).values(values).onConflictDoUpdate({ target: schema.sources.slug, set: values }).returning();
  return c.json({ source }, 200);
});
