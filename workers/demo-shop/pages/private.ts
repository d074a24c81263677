/**
 * The /private/ area. robots.txt disallows it (except the press kit), but every page exists
 * and is served, so a test can see from the request log whether a crawler went in.
 */
import { html, jsonForScript } from "../html.ts";
import { formatPrice } from "../money.ts";
import type { DraftArtwork } from "../types.ts";
import { draftJsonLd } from "./jsonld.ts";
import { layout } from "./layout.ts";

export function pressKitPage(origin: string): string {
  return layout({
    title: "Press kit | Demo Art Shop",
    origin,
    canonicalPath: "/private/press-kit.html",
    body: html`<h1>Press kit</h1><p>Logos and photographs for the press. Crawlers may fetch this page: robots.txt allows it explicitly.</p>`,
  });
}

export function tradePricesPage(origin: string): string {
  return layout({
    title: "Trade prices | Demo Art Shop",
    origin,
    body: html`<h1>Trade prices</h1><p>Wholesale price list for registered trade customers. Crawlers must not fetch this page.</p>`,
  });
}

export function draftPage(draft: DraftArtwork, origin: string, path: string): string {
  return layout({
    title: `${draft.title} (draft) | Demo Art Shop`,
    origin,
    head: html`<script type="application/ld+json">${jsonForScript(draftJsonLd(draft, `${origin}${path}`), 2)}</script>`,
    body: html`<h1>${draft.title}</h1><p>by ${draft.artist}</p><p class="price">${formatPrice(draft.price, draft.currency)}</p><p>Unreleased: not for indexing.</p>`,
  });
}

export function privatePlaceholderPage(origin: string): string {
  return layout({ title: "Private | Demo Art Shop", origin, body: html`<h1>Private area</h1><p>Staff only.</p>` });
}
