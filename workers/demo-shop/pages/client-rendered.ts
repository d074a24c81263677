/**
 * Client-rendered product pages: the HTML is an empty shell; a script fetches the artwork JSON,
 * builds the DOM and injects a JSON-LD script into <head>. Only a real browser (Browser
 * Rendering) sees the product; a plain HTTP fetch finds no title, price or structured data.
 */
import { html, raw } from "../html.ts";
import { formatPrice } from "../money.ts";
import { hashHex } from "../random.ts";
import type { DemoArtwork } from "../types.ts";
import { CLIENT_SCRIPT_PATH, imagePath, productPath } from "../urls.ts";
import { productJsonLd } from "./jsonld.ts";
import { layout } from "./layout.ts";

export function artworkApiPayload(work: DemoArtwork, origin: string): Record<string, unknown> {
  const urls = { origin, pagePath: productPath(work), imagePath: imagePath(work) };
  return {
    id: work.id,
    slug: work.slug,
    url: `${origin}${productPath(work)}`,
    title: work.title,
    artist: work.artist,
    description: work.description,
    style: work.style,
    medium: work.medium,
    tags: work.tags,
    orientation: work.orientation,
    currency: work.currency,
    image: { url: `${origin}${imagePath(work)}`, width: work.image.width, height: work.image.height },
    sizes: work.sizes.map((s) => ({ ...s, priceText: formatPrice(s.price, work.currency) })),
    jsonLd: productJsonLd(work, urls),
  };
}

export function clientRenderedPage(work: DemoArtwork, origin: string): string {
  // The revision changes whenever the data does, so the shell's ETag changes too and a
  // conditional re-crawl does not miss a price change hidden behind the script.
  const rev = hashHex(JSON.stringify(artworkApiPayload(work, origin))).slice(0, 12);
  return layout({
    title: "Artwork | Demo Art Shop",
    origin,
    canonicalPath: productPath(work),
    head: html`<script src="${CLIENT_SCRIPT_PATH}" defer></script>`,
    body: html`<div id="artwork-root" data-artwork-id="${work.id}" data-rev="${rev}">Loading artwork…</div>
<noscript>This page needs JavaScript.</noscript>`,
  });
}

/** Served at CLIENT_SCRIPT_PATH. Plain ES2017, uses textContent only (no HTML injection). */
export const CLIENT_SCRIPT = raw(`(function () {
  "use strict";
  var root = document.getElementById("artwork-root");
  if (!root) return;
  var id = root.getAttribute("data-artwork-id");
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  fetch("/api/artworks/" + encodeURIComponent(id) + ".json", { headers: { accept: "application/json" } })
    .then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    })
    .then(function (data) {
      var ld = document.createElement("script");
      ld.type = "application/ld+json";
      ld.textContent = JSON.stringify(data.jsonLd);
      document.head.appendChild(ld);
      document.title = data.title + " | Demo Art Shop";
      var article = el("article", undefined, "artwork");
      var img = el("img");
      img.src = data.image.url;
      img.width = data.image.width;
      img.height = data.image.height;
      img.alt = data.title + " by " + data.artist;
      article.appendChild(img);
      article.appendChild(el("h1", data.title));
      article.appendChild(el("p", "by " + data.artist, "artist"));
      article.appendChild(el("p", data.medium, "medium"));
      article.appendChild(el("p", data.description, "description"));
      var table = el("table", undefined, "sizes");
      data.sizes.forEach(function (size) {
        var row = el("tr");
        row.appendChild(el("td", size.label));
        row.appendChild(el("td", size.priceText, "price"));
        table.appendChild(row);
      });
      article.appendChild(table);
      root.textContent = "";
      root.appendChild(article);
      root.setAttribute("data-rendered", "true");
    })
    .catch(function (err) {
      root.textContent = "Could not load this artwork (" + err.message + ").";
    });
})();
`).value;
