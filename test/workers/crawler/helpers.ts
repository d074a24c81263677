/** Small builders for realistic product-page HTML in extraction tests. */

export const PAGE_URL = "https://shop.example/artworks/tide-and-time";

export function page(head: string, body = "<h1>Product</h1>"): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${head}
</head><body><header><a href="/">Shop</a></header><main>${body}</main><footer>© Shop</footer></body></html>`;
}

export function jsonLd(value: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(value, null, 2)}</script>`;
}
