/**
 * Pages of the partner shop "Northlight Prints": its own look, URLs and prices, reselling
 * main-shop works with byte-identical images. JSON-LD Product with a plain Offer list.
 */
import { html, jsonForScript, type SafeHtml } from "../html.ts";
import { decimalPrice, formatPrice } from "../money.ts";
import type { PartnerProduct } from "../types.ts";
import { partnerImagePath, partnerProductPath } from "../urls.ts";

function frame(shopName: string, title: string, body: SafeHtml, head?: SafeHtml): string {
  return html`<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>${title}</title>${head ?? ""}</head>
<body><header><a href="/">${shopName}</a></header>
<main>${body}</main>
<footer>${shopName}: fine art reproductions.</footer></body>
</html>
`.value;
}

export function partnerHomePage(shopName: string, products: readonly PartnerProduct[]): string {
  return frame(
    shopName,
    shopName,
    html`<h1>${shopName}</h1><ul class="products">${products.map(
      (p) => html`<li><a class="product" href="${partnerProductPath(p)}">${p.title}</a> by ${p.artist}, from ${formatPrice(Math.min(...p.sizes.map((s) => s.price)), p.currency)}</li>`,
    )}</ul>`,
  );
}

export function partnerProductPage(shopName: string, product: PartnerProduct, origin: string, width: number, height: number): string {
  const url = `${origin}${partnerProductPath(product)}`;
  const image = `${origin}${partnerImagePath(product)}`;
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.title,
    description: product.description,
    sku: product.sku,
    url,
    image,
    brand: { "@type": "Brand", name: product.artist },
    offers: product.sizes.map((s) => ({
      "@type": "Offer",
      name: s.label,
      sku: s.sku,
      price: decimalPrice(s.price),
      priceCurrency: product.currency,
      availability: "https://schema.org/InStock",
    })),
  };
  return frame(
    shopName,
    `${product.title} | ${shopName}`,
    html`<h1>${product.title}</h1><p>${product.artist}</p>
<img src="${image}" width="${width}" height="${height}" alt="${product.title}">
<p>${product.description}</p>
<ul>${product.sizes.map((s) => html`<li>${s.label}: ${formatPrice(s.price, product.currency)}</li>`)}</ul>`,
    html`<link rel="canonical" href="${url}"><script type="application/ld+json">${jsonForScript(jsonLd, 2)}</script>`,
  );
}
