/**
 * Pages and routes of the hostile section (see hostile.ts): /hostile/ (an index whose links carry
 * payloads), /hostile/sitemap.xml (with javascript:, metadata-address and other-host entries
 * beside the real ones), /hostile/artworks/<slug> and /hostile/images/<n>.png. Registered only
 * when the shop runs with `hostile: true`.
 */
import type { Hono } from "hono";
import { escapeXml, html, jsonForScript, raw, type SafeHtml } from "./html.ts";
import {
  HOSTILE_WORKS,
  fieldMarkup,
  fieldText,
  hostileGroundTruth,
  hostileImagePath,
  hostileIndexPath,
  hostileProductPath,
  pageImageUrls,
  type HostileWork,
} from "./hostile.ts";
import { ImageStore } from "./image-store.ts";
import { decimalPrice } from "./money.ts";
import { CONTROL_PREFIX } from "./control-routes.ts";
import { mainOrigin, type ShopRuntime } from "./runtime.ts";

const IN_STOCK = "https://schema.org/InStock";
const SIZE_LABEL = "30 × 40 cm";
const JS_URL = "javascript:window.__pwned=1;alert(1)";

/** What the page declares as its product/offer URL: the hostile one, or its own. */
function declared(work: HostileWork, pageUrl: string): string {
  return work.declaredUrl ?? pageUrl;
}

function jsonLd(work: HostileWork, pageUrl: string, origin: string): Record<string, unknown> {
  const productUrl = declared(work, pageUrl);
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: fieldMarkup(work.title),
    description: fieldMarkup(work.description),
    brand: { "@type": "Brand", name: fieldMarkup(work.artist) },
    keywords: work.keywords.map(fieldMarkup),
    sku: `HOSTILE-${work.n}`,
    url: productUrl,
    image: pageImageUrls(work, origin),
    offers: [
      {
        "@type": "Offer",
        name: SIZE_LABEL,
        sku: `HOSTILE-${work.n}-M`,
        price: decimalPrice(work.priceMinor),
        priceCurrency: "USD",
        availability: IN_STOCK,
        url: work.declaredUrl ? `${work.declaredUrl}?size=M` : `${pageUrl}?size=M`,
      },
    ],
  };
}

function microdataBody(work: HostileWork, pageUrl: string, origin: string): SafeHtml {
  const offerUrl = work.declaredUrl ? `${work.declaredUrl}?size=M` : `${pageUrl}?size=M`;
  return html`<article class="artwork" itemscope itemtype="https://schema.org/Product">
${pageImageUrls(work, origin).map((src) => html`<img itemprop="image" src="${src}" alt="" width="${work.painting.image.width}" height="${work.painting.image.height}">\n`)}
<link itemprop="url" href="${declared(work, pageUrl)}">
<h1 itemprop="name" style="background:url(javascript:window.__pwned=1)">${raw(fieldMarkup(work.title))}</h1>
<p class="artist" style="behavior:url(#default#x);-moz-binding:url(javascript:window.__pwned=1)">by <span itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">${raw(fieldMarkup(work.artist))}</span></span></p>
<div class="description" itemprop="description">${raw(fieldMarkup(work.description))}</div>
${work.keywords.map((k) => html`<meta itemprop="keywords" content="${fieldText(k)}">\n`)}
<meta itemprop="sku" content="HOSTILE-${work.n}">
<div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="name">${SIZE_LABEL}</span> <span>$${decimalPrice(work.priceMinor)}</span>
<meta itemprop="price" content="${decimalPrice(work.priceMinor)}"><meta itemprop="priceCurrency" content="USD"><link itemprop="availability" href="${IN_STOCK}"><link itemprop="url" href="${offerUrl}"></div>
</article>`;
}

/** The same fields for people, raw markup included: the shop's own page is hostile too. */
function visibleBody(work: HostileWork, origin: string): SafeHtml {
  return html`<article class="artwork">
${pageImageUrls(work, origin).map((src) => html`<img src="${src}" alt="">\n`)}
<h1 style="color:expression(window.__pwned=1)">${raw(fieldMarkup(work.title))}</h1>
<p class="artist">by ${raw(fieldMarkup(work.artist))}</p>
<div class="description">${raw(fieldMarkup(work.description))}</div>
<p class="tags">Tags: ${raw(work.keywords.map(fieldMarkup).join(", "))}</p>
<p><a href="${JS_URL}">Buy now</a> ${SIZE_LABEL}: $${decimalPrice(work.priceMinor)}</p>
</article>`;
}

function openGraph(work: HostileWork, pageUrl: string, origin: string): SafeHtml {
  return html`<meta property="og:type" content="product">
<meta property="og:title" content="${fieldMarkup(work.title)}">
<meta property="og:description" content="${fieldMarkup(work.description)}">
${pageImageUrls(work, origin).map((src) => html`<meta property="og:image" content="${src}">\n`)}
<meta property="og:image:width" content="${work.painting.image.width}">
<meta property="og:image:height" content="${work.painting.image.height}">
<meta property="product:price:amount" content="${decimalPrice(work.priceMinor)}">
<meta property="product:price:currency" content="USD">
<meta property="product:availability" content="in stock">
<meta property="product:size" content="${SIZE_LABEL}">
<meta property="product:brand" content="${fieldMarkup(work.artist)}">
${work.keywords.map((k) => html`<meta property="product:tag" content="${fieldMarkup(k)}">\n`)}`;
}

export function hostileProductPage(work: HostileWork, origin: string): string {
  const pageUrl = `${origin}${hostileProductPath(work)}`;
  const head = html`${work.baseHref ? html`<base href="${work.baseHref}">` : ""}
<link rel="canonical" href="${declared(work, pageUrl)}">
${work.syntax === "opengraph" ? openGraph(work, pageUrl, origin) : html`<meta property="og:url" content="${declared(work, pageUrl)}">`}
${work.syntax === "jsonld" ? html`<script type="application/ld+json">${jsonForScript(jsonLd(work, pageUrl, origin), 2)}</script>` : ""}`;
  const body = work.syntax === "microdata" ? microdataBody(work, pageUrl, origin) : visibleBody(work, origin);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${fieldText(work.title)} | Hostile Demo Shop</title>
${head}
<style>body{font-family:sans-serif}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value;
}

function indexPage(origin: string): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Hostile Demo Shop</title></head>
<body>
<h1>Hostile works</h1>
<ul>
${HOSTILE_WORKS.map((work) => html`<li><a href="${hostileProductPath(work)}">${raw(fieldMarkup(work.title))}</a></li>\n`)}
<li><a href="${JS_URL}">javascript: link</a></li>
<li><a href="https://evil.example${hostileProductPath({ slug: "stolen" })}">another host</a></li>
<li><a href="http://169.254.169.254/latest/meta-data/">metadata address</a></li>
</ul>
<p><a href="${origin}/">Back to the shop</a></p>
</body>
</html>
`.value;
}

function sitemap(origin: string): string {
  const locs = [
    ...HOSTILE_WORKS.map((work) => `${origin}${hostileProductPath(work)}`),
    JS_URL,
    "http://169.254.169.254/latest/meta-data/",
    "https://evil.example/hostile/artworks/stolen",
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...locs.map((loc) => `  <url><loc>${escapeXml(loc)}</loc></url>`),
    "</urlset>",
    "",
  ].join("\n");
}

export function registerHostileRoutes(app: Hono, runtime: ShopRuntime): void {
  const images = new ImageStore();
  const bySlug = new Map(HOSTILE_WORKS.map((work) => [work.slug, work]));
  const byFile = new Map(HOSTILE_WORKS.map((work) => [hostileImagePath(work).split("/").pop()!, work]));

  app.get(hostileIndexPath(), (c) => c.html(indexPage(mainOrigin(runtime, c.req.raw))));
  app.get(`${hostileIndexPath()}sitemap.xml`, (c) =>
    c.body(sitemap(mainOrigin(runtime, c.req.raw)), 200, { "Content-Type": "application/xml; charset=utf-8" }),
  );
  app.get(`${hostileIndexPath()}artworks/:slug`, (c) => {
    const work = bySlug.get(c.req.param("slug"));
    return work ? c.html(hostileProductPage(work, mainOrigin(runtime, c.req.raw))) : c.notFound();
  });
  app.get(`${hostileIndexPath()}images/:file`, (c) => {
    const work = byFile.get(c.req.param("file"));
    if (!work) return c.notFound();
    return c.body(images.get(work.painting).png, 200, { "Content-Type": "image/png" });
  });
  app.get(`${CONTROL_PREFIX}/hostile.json`, (c) => c.json(hostileGroundTruth(mainOrigin(runtime, c.req.raw))));
}
