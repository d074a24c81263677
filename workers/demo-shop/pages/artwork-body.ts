/**
 * The human-readable part of a product page: image, title, artist, description, sizes and
 * prices. With `microdata` on, the same elements carry schema.org itemprops (the microdata
 * syntax); otherwise it is plain HTML that extractors must not rely on.
 */
import { html, raw, type SafeHtml } from "../html.ts";
import { decimalPrice, formatPrice } from "../money.ts";
import type { DemoArtwork } from "../types.ts";
import { TRADE_PRICES_PATH, categoryPath } from "../urls.ts";
import { STYLE_LABELS } from "../words.ts";

export interface ArtworkBodyOptions {
  origin: string;
  pagePath: string;
  imagePath: string;
  microdata: boolean;
}

export function artworkBody(work: DemoArtwork, options: ArtworkBodyOptions): SafeHtml {
  const { origin, pagePath, microdata } = options;
  // Constant attribute snippets, added only on microdata pages.
  const md = (markup: string): SafeHtml | "" => (microdata ? raw(markup) : "");
  const imageUrl = `${origin}${options.imagePath}`;
  const sizes = work.sizes.map(
    (size) => html`<tr${microdata ? html` itemprop="offers" itemscope itemtype="https://schema.org/Offer"` : ""}>
<td${microdata ? html` itemprop="name"` : ""}>${size.label}</td>
<td class="price">${formatPrice(size.price, work.currency)}${
      microdata
        ? html`<meta itemprop="price" content="${decimalPrice(size.price)}"><meta itemprop="priceCurrency" content="${work.currency}"><meta itemprop="sku" content="${size.sku}"><link itemprop="availability" href="https://schema.org/InStock"><link itemprop="url" href="${origin}${pagePath}?size=${size.sku}">`
        : ""
    }</td>
</tr>`,
  );
  return html`<nav class="breadcrumb"><a href="/">Home</a> › <a href="${categoryPath(work.style)}">${STYLE_LABELS[work.style]}</a></nav>
<article class="artwork"${microdata ? html` itemscope itemtype="https://schema.org/Product"` : ""}>
<img src="${imageUrl}" width="${work.image.width}" height="${work.image.height}" alt="${work.title} by ${work.artist}"${md(' itemprop="image"')}>
<h1${md(' itemprop="name"')}>${work.title}</h1>
<p class="artist">by ${
    microdata
      ? html`<span itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">${work.artist}</span></span>`
      : html`<span>${work.artist}</span>`
  }</p>
${microdata ? html`<meta itemprop="sku" content="AS-${work.id}">` : ""}
<p class="medium"${md(' itemprop="material"')}>${work.medium}</p>
<p class="description"${md(' itemprop="description"')}>${work.description}</p>
<h2>Sizes and prices</h2>
<table class="sizes"><tbody>
${sizes}
</tbody></table>
<p class="tags">Tags: ${work.tags.join(", ")}</p>
${microdata ? html`<meta itemprop="keywords" content="${work.tags.join(", ")}">` : ""}
<form method="post" action="/cart"><button type="submit">Add to cart</button></form>
${work.linksToPrivate ? html`<p class="trade"><a href="${TRADE_PRICES_PATH}?work=${work.id}">Trade and wholesale prices</a></p>` : ""}
</article>`;
}
