/** The shop's home page: categories and the newest works. */
import { SHOP_NAME } from "../catalog.ts";
import { html } from "../html.ts";
import type { ShopState } from "../shop-state.ts";
import { STYLES } from "../types.ts";
import { categoryPath, imagePath, productPath, TRADE_PRICES_PATH } from "../urls.ts";
import { STYLE_LABELS } from "../words.ts";
import { layout } from "./layout.ts";

export function homePage(state: ShopState, origin: string): string {
  const newest = state.catalog.artworks
    .filter((w) => w.case === "normal")
    .sort((a, b) => (b.createdAt > a.createdAt ? 1 : b.createdAt < a.createdAt ? -1 : a.id - b.id))
    .slice(0, 12);
  return layout({
    title: `${SHOP_NAME}: original art and prints`,
    origin,
    canonicalPath: "/",
    description: "Colour fields, stripes, geometric abstracts, landscapes, botanicals and seascapes.",
    body: html`<h1>${SHOP_NAME}</h1>
<p>${state.catalog.artworks.length} original works and prints.</p>
<h2>Browse by style</h2>
<ul class="categories">${STYLES.map(
      (style) => html`<li><a href="${categoryPath(style)}">${STYLE_LABELS[style]}</a> (${state.listings[style].length})</li>`,
    )}</ul>
<h2>New arrivals</h2>
<ul class="grid">${newest.map(
      (w) => html`<li class="product-card"><a href="${productPath(w)}"><img src="${imagePath(w)}" width="${w.image.width}" height="${w.image.height}" alt="${w.title}"><span class="title">${w.title}</span></a></li>`,
    )}</ul>
<p><a href="${TRADE_PRICES_PATH}">Trade customers</a></p>`,
  });
}
