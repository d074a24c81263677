/** Product pages in each extraction syntax, plus the malformed-JSON-LD case. */
import { html, jsonForScript, raw } from "../html.ts";
import type { DemoArtwork } from "../types.ts";
import { pageImagePath, productPath } from "../urls.ts";
import { artworkBody } from "./artwork-body.ts";
import { clientRenderedPage } from "./client-rendered.ts";
import { productJsonLd } from "./jsonld.ts";
import { layout } from "./layout.ts";
import { openGraphTags } from "./opengraph.ts";

/**
 * Renders the page of `work` as served at `pagePath` (its /artworks/ URL, or the /sale/ URL of a
 * duplicate). Depends only on the work, origin and path, so unchanged works render
 * byte-identically in every version.
 */
export function productPage(work: DemoArtwork, origin: string, pagePath: string): string {
  if (work.syntax === "client-rendered") return clientRenderedPage(work, origin);
  const imagePath = pageImagePath(work, pagePath);
  const body = artworkBody(work, { origin, pagePath, imagePath, microdata: work.syntax === "microdata" });
  let head = html``;
  if (work.case === "malformed-jsonld") {
    head = html`<script type="application/ld+json">${raw(malformedJsonLd(work, origin, pagePath, imagePath))}</script>`;
  } else if (work.syntax === "jsonld") {
    head = html`<script type="application/ld+json">${jsonForScript(productJsonLd(work, { origin, pagePath, imagePath }), 2)}</script>`;
  } else if (work.syntax === "opengraph") {
    head = openGraphTags(work, origin, pagePath, imagePath);
  }
  return layout({
    title: `${work.title} by ${work.artist} | Demo Art Shop`,
    origin,
    description: work.description,
    // The /sale/ duplicate deliberately carries no canonical link: dedupe must use the data.
    canonicalPath: pagePath === productPath(work) ? pagePath : undefined,
    head,
    body,
  });
}

/** Valid-looking JSON-LD with a trailing comma and an unclosed array: JSON.parse must fail. */
function malformedJsonLd(work: DemoArtwork, origin: string, pagePath: string, imagePath: string): string {
  const valid = jsonForScript(productJsonLd(work, { origin, pagePath, imagePath }), 2).value;
  const withoutClose = valid.slice(0, valid.lastIndexOf("}")).trimEnd();
  return `${withoutClose},\n  "review": [\n`;
}
