/** Routes of the main demo shop (everything a crawler can reach). */
import type { Context, Hono } from "hono";
import { corruptPng, dimensionBombPng, hugePngLength, hugePngStream } from "./broken-images.ts";
import { conditionalResponse, etagFor } from "./http-cache.ts";
import { artworkApiPayload, CLIENT_SCRIPT } from "./pages/client-rendered.ts";
import { homePage } from "./pages/home.ts";
import { listingPage, type ListingSort } from "./pages/listing.ts";
import { draftPage, pressKitPage, privatePlaceholderPage, tradePricesPage } from "./pages/private.ts";
import { productPage } from "./pages/product.ts";
import { gonePage, notFoundPage, serverErrorPage } from "./pages/status-pages.ts";
import { robotsTxt } from "./robots.ts";
import { mainOrigin, type ShopRuntime } from "./runtime.ts";
import { artworkSitemap, categoriesSitemap, sitemapIndex, type SitemapDocument } from "./sitemaps.ts";
import { STYLES, type DemoArtwork, type Style } from "./types.ts";
import { CLIENT_SCRIPT_PATH, PRESS_KIT_PATH, TRADE_PRICES_PATH, movedPath, productPath, salePath } from "./urls.ts";

const HTML = "text/html; charset=utf-8";
const XML = "application/xml; charset=utf-8";
const PNG = "image/png";

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isStyle(value: string): value is Style {
  return (STYLES as readonly string[]).includes(value);
}

/** "1042.png" -> 1042; anything else -> undefined. */
function idFromFile(file: string, extension: string): number | undefined {
  const match = new RegExp(`^(\\d+)\\.${extension}$`).exec(file);
  return match ? Number(match[1]) : undefined;
}

export function registerMainRoutes(app: Hono, runtime: ShopRuntime): void {
  const origin = (c: Context): string => mainOrigin(runtime, c.req.raw);
  const notFound = (c: Context): Response => c.html(notFoundPage(origin(c)), 404);

  const sitemapResponse = (c: Context, doc: SitemapDocument | undefined): Response =>
    doc
      ? conditionalResponse(c.req.raw, doc.xml, XML, { etag: etagFor(doc.xml, "sm"), lastModified: doc.lastModified })
      : notFound(c);

  /** A work's page at `pagePath`, with validators; the per-case behaviour lives here. */
  const serveProduct = async (c: Context, work: DemoArtwork, pagePath: string): Promise<Response> => {
    if (work.case === "not-found") return notFound(c);
    if (work.case === "server-error") return c.html(serverErrorPage(origin(c)), 500);
    if (work.case === "redirect-loop") return c.redirect(`${origin(c)}${movedPath(work)}`, 301);
    if (work.case === "slow") await sleep(runtime.slowMs);
    const page = productPage(work, origin(c), pagePath);
    return conditionalResponse(c.req.raw, page, HTML, { etag: etagFor(page, "p"), lastModified: work.lastModified });
  };

  app.get("/", (c) => c.html(homePage(runtime.state(), origin(c))));

  app.get("/robots.txt", (c) =>
    c.body(robotsTxt(origin(c), runtime.crawlDelay), 200, { "Content-Type": "text/plain; charset=utf-8" }),
  );

  app.get("/sitemap.xml", (c) => sitemapResponse(c, sitemapIndex(runtime.state(), origin(c))));
  app.get("/sitemaps/:file", (c) => {
    const file = c.req.param("file");
    if (file === "categories.xml") return sitemapResponse(c, categoriesSitemap(runtime.state(), origin(c)));
    const match = /^artworks-(\d+)\.xml$/.exec(file);
    return sitemapResponse(c, match ? artworkSitemap(runtime.state(), origin(c), Number(match[1])) : undefined);
  });

  app.get("/category/:style", (c) => {
    const style = c.req.param("style");
    const pageParam = c.req.query("page");
    const sortParam = c.req.query("sort");
    const page = pageParam === undefined ? 1 : /^\d+$/.test(pageParam) ? Number(pageParam) : NaN;
    const sort: ListingSort | undefined =
      sortParam === "price-asc" || sortParam === "price-desc" ? sortParam : undefined;
    if (!isStyle(style) || (sortParam !== undefined && !sort)) return notFound(c);
    const html = listingPage(runtime.state(), style, page, origin(c), sort);
    return html === undefined ? notFound(c) : c.html(html);
  });

  app.get("/artworks/:slug", async (c) => {
    const state = runtime.state();
    const slug = c.req.param("slug");
    const work = state.bySlug.get(slug);
    if (work) return serveProduct(c, work, productPath(work));
    const removed = state.removedBySlug.get(slug);
    if (removed) return c.html(gonePage(origin(c), removed.title), 410);
    return notFound(c);
  });

  app.get("/sale/:slug", async (c) => {
    const work = runtime.state().saleBySlug.get(c.req.param("slug"));
    return work ? serveProduct(c, work, salePath(work)) : notFound(c);
  });

  app.get("/moved/:slug", (c) => {
    const work = runtime.state().bySlug.get(c.req.param("slug"));
    return work?.case === "redirect-loop" ? c.redirect(`${origin(c)}${productPath(work)}`, 301) : notFound(c);
  });

  const serveImage = async (c: Context, work: DemoArtwork | undefined): Promise<Response> => {
    if (!work || work.case === "missing-image") return c.text("image not found", 404);
    if (work.case === "oversized-image") {
      const bomb = await dimensionBombPng();
      return new Response(bomb, { headers: { "Content-Type": PNG, "Content-Length": String(bomb.length) } });
    }
    if (work.case === "huge-image") {
      return new Response(hugePngStream(), { headers: { "Content-Type": PNG, "Content-Length": String(hugePngLength()) } });
    }
    const stored = runtime.images.get(work);
    if (work.case === "corrupt-image") return new Response(corruptPng(stored.png), { headers: { "Content-Type": PNG } });
    return conditionalResponse(c.req.raw, stored.png, PNG, { etag: stored.etag, lastModified: work.createdAt });
  };

  app.get("/images/:file", (c) => {
    const id = idFromFile(c.req.param("file"), "png");
    return serveImage(c, id === undefined ? undefined : runtime.state().byId.get(id));
  });

  app.get("/images/sale/:file", (c) => {
    const id = idFromFile(c.req.param("file"), "png");
    const work = id === undefined ? undefined : runtime.state().byId.get(id);
    return serveImage(c, work?.case === "duplicate-image" ? work : undefined);
  });

  // Data for the client-rendered pages' script (served for every normal work).
  app.get("/api/artworks/:file", (c) => {
    const id = idFromFile(c.req.param("file"), "json");
    const work = id === undefined ? undefined : runtime.state().byId.get(id);
    if (!work || work.case !== "normal") return c.json({ error: "not found" }, 404);
    const body = JSON.stringify(artworkApiPayload(work, origin(c)));
    return conditionalResponse(c.req.raw, body, "application/json; charset=utf-8", {
      etag: etagFor(body, "api"),
      lastModified: work.lastModified,
    });
  });

  app.get(CLIENT_SCRIPT_PATH, (c) =>
    c.body(CLIENT_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600" }),
  );

  // /private/: disallowed by robots.txt (except the press kit), but served, so the log shows trespassing.
  app.get(PRESS_KIT_PATH, (c) => c.html(pressKitPage(origin(c))));
  app.get(TRADE_PRICES_PATH, (c) => c.html(tradePricesPage(origin(c))));
  app.get("/private/drafts/:slug", (c) => {
    const draft = runtime.state().draftsBySlug.get(c.req.param("slug"));
    return draft ? c.html(draftPage(draft, origin(c), new URL(c.req.url).pathname)) : notFound(c);
  });
  app.get("/private/*", (c) => c.html(privatePlaceholderPage(origin(c))));

  app.notFound(notFound);
}
