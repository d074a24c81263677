/** Helpers for tests that run the demo shop over real HTTP and read its pages. */
import { startDemoShop, type RunningDemoShop, type StartDemoShopOptions } from "../../workers/demo-shop/server.ts";
import type { GroundTruth } from "../../workers/demo-shop/ground-truth.ts";

export interface TestShop extends RunningDemoShop {
  /** GET (or any method) against the main shop by path. */
  get(path: string, init?: RequestInit): Promise<Response>;
  getPartner(path: string, init?: RequestInit): Promise<Response>;
  text(path: string): Promise<string>;
  groundTruth(): Promise<GroundTruth>;
}

/** Starts the shop on random ports with short delays suitable for tests. */
export async function startTestShop(options: StartDemoShopOptions = {}): Promise<TestShop> {
  // The shop's own tests render every picture (no disk cache), so rendering stays under test.
  const running = await startDemoShop({ slowMs: 300, imageCache: null, ...options });
  const get = (path: string, init?: RequestInit): Promise<Response> => fetch(`${running.url}${path}`, init);
  return {
    ...running,
    get,
    getPartner: (path, init) => fetch(`${running.partnerUrl}${path}`, init),
    text: async (path) => (await get(path)).text(),
    groundTruth: async () => (await (await get("/__demo/ground-truth.json")).json()) as GroundTruth,
  };
}

/** Contents of every <script type="application/ld+json"> element, unparsed. */
export function jsonLdScripts(html: string): string[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
}

type Node = Record<string, unknown>;

/** The schema.org Product node of a JSON-LD document, looking inside "@graph". */
export function findProduct(doc: unknown): Node | undefined {
  if (typeof doc !== "object" || doc === null) return undefined;
  const node = doc as Node;
  if (node["@type"] === "Product") return node;
  const graph = node["@graph"];
  return Array.isArray(graph) ? (graph.find((n) => (n as Node)["@type"] === "Product") as Node | undefined) : undefined;
}

/** content of <meta property="..."> (OpenGraph) or <meta itemprop="..."> occurrences. */
export function metaContents(html: string, attribute: "property" | "itemprop" | "name", key: string): string[] {
  const pattern = new RegExp(`<meta ${attribute}="${key.replace(/[.:]/g, "\\$&")}" content="([^"]*)">`, "g");
  return [...html.matchAll(pattern)].map((m) => decodeEntities(m[1] ?? ""));
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** href of every <a> (optionally only those with a given rel). */
export function anchorHrefs(html: string, rel?: string): string[] {
  return [...html.matchAll(/<a ([^>]*)>/g)]
    .map((m) => m[1] ?? "")
    .filter((attrs) => rel === undefined || attrs.includes(`rel="${rel}"`))
    .map((attrs) => decodeEntities(/href="([^"]*)"/.exec(attrs)?.[1] ?? ""));
}

/** Links of the product cards of a listing page. */
export function productCardLinks(html: string): string[] {
  return [...html.matchAll(/<li class="product-card[^"]*"><a href="([^"]*)"/g)].map((m) => decodeEntities(m[1] ?? ""));
}

/** <link rel="..." href="..."> in the head. */
export function headLink(html: string, rel: string): string | undefined {
  const match = new RegExp(`<link rel="${rel}" href="([^"]*)">`).exec(html);
  return match ? decodeEntities(match[1] ?? "") : undefined;
}

/** Every <loc> of a sitemap or sitemap index, with its <lastmod>. */
export function sitemapLocs(xml: string): Array<{ loc: string; lastmod: string | undefined }> {
  return [...xml.matchAll(/<loc>([^<]*)<\/loc>(?:<lastmod>([^<]*)<\/lastmod>)?/g)].map((m) => ({
    loc: decodeEntities(m[1] ?? ""),
    lastmod: m[2],
  }));
}

export async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/** Offer prices of a JSON-LD Product in minor units (plain Offer list or AggregateOffer.offers). */
export function offerPrices(product: Record<string, unknown> | undefined): number[] {
  const field = product?.offers as Record<string, unknown> | Array<Record<string, unknown>> | undefined;
  const offers = Array.isArray(field) ? field : ((field?.offers as Array<Record<string, unknown>> | undefined) ?? []);
  return offers.map((o) => Math.round(Number(o.price) * 100));
}
