/** OpenGraph product tags: the only machine-readable data on "opengraph" pages. */
import { SHOP_NAME } from "../catalog.ts";
import { html, type SafeHtml } from "../html.ts";
import { decimalPrice } from "../money.ts";
import type { DemoArtwork } from "../types.ts";

export function openGraphTags(work: DemoArtwork, origin: string, pagePath: string, imagePath: string): SafeHtml {
  // OpenGraph has one price: the smallest size, as shops usually advertise "from".
  const lowest = Math.min(...work.sizes.map((s) => s.price));
  return html`<meta property="og:type" content="product">
<meta property="og:site_name" content="${SHOP_NAME}">
<meta property="og:title" content="${work.title}">
<meta property="og:description" content="${work.description}">
<meta property="og:url" content="${origin}${pagePath}">
<meta property="og:image" content="${origin}${imagePath}">
<meta property="og:image:width" content="${work.image.width}">
<meta property="og:image:height" content="${work.image.height}">
<meta property="product:price:amount" content="${decimalPrice(lowest)}">
<meta property="product:price:currency" content="${work.currency}">
<meta property="product:availability" content="in stock">
<meta property="product:brand" content="${work.artist}">
<meta property="product:material" content="${work.medium}">
${work.tags.map((tag) => html`<meta property="product:tag" content="${tag}">\n`)}`;
}
