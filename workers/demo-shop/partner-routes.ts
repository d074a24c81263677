/** Routes of the partner shop, served by its own Hono app (its own origin in the Node adapter). */
import type { Context, Hono } from "hono";
import { escapeXml } from "./html.ts";
import { conditionalResponse, etagFor } from "./http-cache.ts";
import { PARTNER_PUBLISHED_AT } from "./partner-catalog.ts";
import { partnerHomePage, partnerProductPage } from "./pages/partner.ts";
import { partnerOrigin, type ShopRuntime } from "./runtime.ts";
import { partnerProductPath } from "./urls.ts";

export function registerPartnerRoutes(app: Hono, runtime: ShopRuntime): void {
  const origin = (c: Context): string => partnerOrigin(runtime, c.req.raw);
  const partner = () => runtime.state().catalog.partner;
  const sourceOf = (sourceId: number) => runtime.state().byId.get(sourceId);

  app.get("/", (c) => c.html(partnerHomePage(partner().shopName, partner().products)));

  app.get("/robots.txt", (c) =>
    c.body(`User-agent: *\nAllow: /\n\nSitemap: ${origin(c)}/sitemap.xml\n`, 200, { "Content-Type": "text/plain; charset=utf-8" }),
  );

  app.get("/sitemap.xml", (c) => {
    const urls = partner()
      .products.map((p) => `  <url><loc>${escapeXml(`${origin(c)}${partnerProductPath(p)}`)}</loc><lastmod>${PARTNER_PUBLISHED_AT}</lastmod></url>`)
      .join("\n");
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
    return conditionalResponse(c.req.raw, xml, "application/xml; charset=utf-8", { etag: etagFor(xml, "sm"), lastModified: PARTNER_PUBLISHED_AT });
  });

  app.get("/products/:slug", (c) => {
    const product = runtime.state().partnerBySlug.get(c.req.param("slug"));
    const source = product && sourceOf(product.sourceId);
    if (!product || !source) return c.text("not found", 404);
    const page = partnerProductPage(partner().shopName, product, origin(c), source.image.width, source.image.height);
    return conditionalResponse(c.req.raw, page, "text/html; charset=utf-8", { etag: etagFor(page, "p"), lastModified: PARTNER_PUBLISHED_AT });
  });

  app.get("/img/:file", (c) => {
    const match = /^(nl-\d+)\.png$/.exec(c.req.param("file"));
    const product = match ? runtime.state().partnerBySku.get(match[1] ?? "") : undefined;
    const source = product && sourceOf(product.sourceId);
    if (!source) return c.text("image not found", 404);
    // Identical bytes to the main shop's image: the point of the partner shop.
    const stored = runtime.images.get(source);
    return conditionalResponse(c.req.raw, stored.png, "image/png", { etag: stored.etag, lastModified: source.createdAt });
  });

  app.notFound((c) => c.text("not found", 404));
}
