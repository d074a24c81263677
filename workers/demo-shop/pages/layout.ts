/** The page frame every main-shop HTML page shares. Static apart from its arguments, so it never changes an unchanged page's ETag. */
import { SHOP_NAME } from "../catalog.ts";
import { html, raw, type SafeHtml } from "../html.ts";
import { STYLES } from "../types.ts";
import { PRESS_KIT_PATH, categoryPath } from "../urls.ts";
import { STYLE_LABELS } from "../words.ts";

export interface LayoutOptions {
  title: string;
  origin: string;
  body: SafeHtml;
  head?: SafeHtml;
  canonicalPath?: string;
  description?: string;
}

const STYLESHEET = raw(`<style>
body{font-family:system-ui,sans-serif;margin:0;color:#222}header,footer{padding:12px 24px;background:#f4f1ea}
header nav a{margin-right:12px}main{padding:24px;max-width:1100px;margin:auto}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:16px;list-style:none;padding:0}
.product-card img{width:100%;height:auto}.price{font-weight:600}table.sizes td{padding:2px 12px 2px 0}
</style>`);

export function layout(options: LayoutOptions): string {
  const { title, origin, body, head, canonicalPath, description } = options;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${description ? html`<meta name="description" content="${description}">` : ""}
${canonicalPath ? html`<link rel="canonical" href="${origin}${canonicalPath}">` : ""}
${STYLESHEET}
${head ?? ""}
</head>
<body>
<header><a class="brand" href="/">${SHOP_NAME}</a>
<nav>${STYLES.map((style) => html`<a href="${categoryPath(style)}">${STYLE_LABELS[style]}</a>`)}</nav>
</header>
<main>
${body}
</main>
<footer><p>${SHOP_NAME}: a deterministic demo storefront. <a href="${PRESS_KIT_PATH}">Press kit</a></p></footer>
</body>
</html>
`.value;
}
