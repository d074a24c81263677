/**
 * The hostile section (`hostile: true`, served under /hostile/): a handful of product pages whose
 * titles, artists, descriptions, tags, JSON-LD, microdata and OpenGraph fields carry script tags,
 * event handlers, `javascript:` URLs (as text, as product and offer URLs, as image URLs),
 * `</title>` breakouts, HTML entities, broken HTML, CSS injection and very long strings. Every
 * payload sets `window.__pwned` (and most call alert) if it ever runs.
 *
 * A field is a list of segments: `markup` is real HTML that a crawler must parse and reduce to
 * its visible text (script, style, iframe and svg contribute nothing), `text` is literal text
 * that the page carries escaped, so a correct crawler stores it character for character and a
 * correct site shows it character for character. `hostileGroundTruth()` says what a correct
 * crawler stores for each work, and which works it must refuse.
 *
 * Nothing here touches the main catalogue or its ground truth.
 */
import type { ColourName } from "./colours.ts";
import { escapeHtml } from "./html.ts";
import type { ImageSubject } from "./image-store.ts";
import type { Style } from "./types.ts";

export const HOSTILE_PREFIX = "/hostile";
/** The global every payload sets when it runs; a browser test asserts it stays undefined. */
export const PWNED_GLOBAL = "__pwned";
/** A word in every stored hostile title, so a keyword search finds them all. */
export const HOSTILE_SEARCH_WORD = "quokka";

export type Segment = { text: string } | { markup: string; visible: string };
export type Field = readonly Segment[];

const text = (value: string): Segment => ({ text: value });
const markup = (value: string, visible = ""): Segment => ({ markup: value, visible });

/** Literal payloads: stored and shown as text, never run. */
export const LITERAL = {
  script: `<script>window.__pwned=1;alert("script")</script>`,
  img: `<img src=x onerror="window.__pwned=1;alert('img')">`,
  svg: `<svg/onload=window.__pwned=1>`,
  jsUrl: "javascript:window.__pwned=1;alert(1)",
  titleBreakout: "</title><script>window.__pwned=1</script><title>",
  attributeBreakout: `" autofocus onfocus="window.__pwned=1" x="`,
  styleBreakout: `</style><style>*{display:none!important}</style>`,
  styleAttribute: `" style="position:fixed;inset:0;background:url(javascript:window.__pwned=1)`,
  /** Entities that must stay entities on screen: decoded once by the crawler, never again. */
  doubleEncoded: "&lt;b&gt;not bold&lt;/b&gt; &amp;amp;",
  template: "{{constructor.constructor('window.__pwned=1')()}} ${window.__pwned=1}",
  sql: "'); DROP TABLE artworks;--",
} as const;

/** Raw markup: a crawler keeps only its visible text (nothing for scripts, styles, frames, svg). */
export const MARKUP = {
  script: markup(`<script>window.__pwned=1;alert(1)</script>`),
  img: markup(`<img src=x onerror="window.__pwned=1;alert(2)">`),
  svg: markup(`<svg onload="window.__pwned=1"><circle r="1"/></svg>`),
  iframe: markup(`<iframe src="javascript:window.__pwned=1"></iframe>`),
  link: markup(`<a href="javascript:window.__pwned=1">click me</a>`, "click me"),
  styled: markup(`<span style="background:url(javascript:window.__pwned=1);position:fixed;inset:0">styled</span>`, "styled"),
  styleTag: markup(`<style>body{display:none}</style>`),
  /** Unclosed inline tags; the enclosing element (or the end of the fragment) closes them. */
  unclosed: markup(`<b>bold <i>italic `, "bold italic "),
  entities: markup(`Tom &amp; Jerry&#39;s &quot;Caf&eacute;&quot; &#x1F3A8;`, `Tom & Jerry's "Café" 🎨`),
} as const;

export type HostileSyntax = "jsonld" | "microdata" | "opengraph";

export interface HostileWork {
  /** 1-based; also the image's key and file name. */
  n: number;
  slug: string;
  /** What the page tries, in words (for test names and the README). */
  attack: string;
  syntax: HostileSyntax;
  title: Field;
  artist: Field;
  description: Field;
  keywords: Field[];
  /** Image URL candidates in page order; "" stands for the work's real image. */
  images: string[];
  /** The JSON-LD/OpenGraph product URL, offer URLs and canonical link the page declares (null: its own URL). */
  declaredUrl: string | null;
  /** <base href> of the page, if any. */
  baseHref: string | null;
  priceMinor: number;
  painting: ImageSubject;
  /** Whether a correct crawler stores the work ("refused": it has no fetchable image). */
  expected: "stored" | "refused";
}

const JS_URL = "javascript:window.__pwned=1;alert(1)";
const EVIL = "https://evil.example";

function painting(n: number, style: Style, primaryColour: ColourName, secondaryColours: ColourName[], width = 360, height = 270): ImageSubject {
  return { id: n, style, primaryColour, secondaryColours, image: { width, height, seed: 0x5eed0000 + n * 7919 } };
}

const LONG_WORD = "x".repeat(600);

/** The hostile works, in page order. */
export const HOSTILE_WORKS: readonly HostileWork[] = [
  {
    n: 1,
    slug: "script-tags",
    attack: "script tags in every text field, javascript: product, offer and image URLs",
    syntax: "jsonld",
    title: [MARKUP.script, text("Quokka Nocturne "), text(LITERAL.script)],
    artist: [text(LITERAL.script), text(" Quokka Atelier")],
    description: [text("A harbour at night. "), MARKUP.script, text(LITERAL.script), text(" "), MARKUP.iframe, text("The end.")],
    keywords: [[MARKUP.script, text("quokka")], [text("nocturne")], [text(LITERAL.script)]],
    images: [JS_URL, ""],
    declaredUrl: JS_URL,
    baseHref: null,
    priceMinor: 12000,
    painting: painting(1, "seascape", "navy", ["yellow", "white"]),
    expected: "stored",
  },
  {
    n: 2,
    slug: "event-handlers",
    attack: "img onerror and svg onload as markup and as text (microdata), a javascript: image first",
    syntax: "microdata",
    title: [text(LITERAL.img), text(" Quokka Tidewater "), MARKUP.img],
    artist: [text(LITERAL.svg), text(" Ada Quokka")],
    description: [MARKUP.svg, MARKUP.img, text("Tide pools. "), text(LITERAL.img), text(" "), MARKUP.link, text(" "), MARKUP.unclosed],
    keywords: [[text("quokka, tidewater")], [text(LITERAL.svg)]],
    images: [JS_URL, ""],
    declaredUrl: JS_URL,
    baseHref: null,
    priceMinor: 8500,
    painting: painting(2, "landscape", "teal", ["green", "brown"]),
    expected: "stored",
  },
  {
    n: 3,
    slug: "title-breakout",
    attack: "</title> and attribute breakouts, template injection, SQL as text",
    syntax: "jsonld",
    title: [text(LITERAL.titleBreakout), text(" Quokka Harbour")],
    artist: [text(LITERAL.attributeBreakout), text(" Quokka Guild")],
    description: [text(LITERAL.titleBreakout), text(" "), text(LITERAL.attributeBreakout), text(" "), text(LITERAL.template), text(" "), text(LITERAL.sql)],
    keywords: [[text("quokka")], [text(LITERAL.titleBreakout)]],
    images: [""],
    declaredUrl: null,
    baseHref: null,
    priceMinor: 15000,
    painting: painting(3, "geometric", "red", ["black", "white"]),
    expected: "stored",
  },
  {
    n: 4,
    slug: "entities-and-broken-html",
    attack: "HTML entities (decoded once, never twice) and broken, unclosed HTML",
    syntax: "jsonld",
    title: [MARKUP.entities, text(" Quokka "), text(LITERAL.doubleEncoded)],
    artist: [markup("Jos&eacute; &amp; Mar&iacute;a", "José & María"), text(" Quokka")],
    description: [markup("<p>Unclosed ", "Unclosed "), MARKUP.unclosed, markup(`<a href="javascript:window.__pwned=1">link `, "link "), text(LITERAL.doubleEncoded), markup("<div", "")],
    keywords: [[text("quokka")], [markup("caf&eacute; &amp; bar", "café & bar")]],
    images: [""],
    declaredUrl: null,
    baseHref: null,
    priceMinor: 9900,
    painting: painting(4, "botanical", "green", ["pink", "yellow"]),
    expected: "stored",
  },
  {
    n: 5,
    slug: "css-injection",
    attack: "style attributes and style elements (microdata), CSS breakouts as text",
    syntax: "microdata",
    title: [text("Quokka Salon "), text(LITERAL.styleAttribute)],
    artist: [MARKUP.styled, text(" Quokka "), text(LITERAL.styleBreakout)],
    description: [MARKUP.styleTag, text("Salon hang. "), MARKUP.styled, text(" "), text(LITERAL.styleBreakout), text(" "), text(LITERAL.styleAttribute)],
    keywords: [[text("quokka")], [text("salon")]],
    images: [""],
    declaredUrl: null,
    baseHref: null,
    priceMinor: 22000,
    painting: painting(5, "colour-field", "purple", ["orange"]),
    expected: "stored",
  },
  {
    n: 6,
    slug: "very-long-strings",
    attack: "a 3,000-character title with a 600-character word, a long artist, a ~60 KB description, 120 tags",
    syntax: "jsonld",
    title: [text(`Quokka Marathon ${"very long title ".repeat(150)}${LONG_WORD}`)],
    artist: [text(`Quokka ${"Longname".repeat(40)}`)],
    description: [text(`A very long description with ${LITERAL.script}. `.repeat(720))],
    keywords: Array.from({ length: 120 }, (_, i) => [text(`quokka-${i + 1}`)]),
    images: [""],
    declaredUrl: null,
    baseHref: null,
    priceMinor: 30000,
    painting: painting(6, "stripes", "gold", ["navy", "grey"], 270, 360),
    expected: "stored",
  },
  {
    n: 7,
    slug: "javascript-urls",
    attack: "javascript: in <base href>, canonical, og:url, product and offer URLs; a javascript: then a relative image",
    syntax: "jsonld",
    title: [text("Quokka Lagoon "), text(LITERAL.jsUrl)],
    artist: [text("Quokka Linkmaker")],
    description: [text(`Buy it at ${LITERAL.jsUrl} `), MARKUP.link],
    keywords: [[text("quokka")], [text(LITERAL.jsUrl)]],
    images: [JS_URL, "data:image/svg+xml,<svg onload='window.__pwned=1'/>", ""],
    declaredUrl: JS_URL,
    baseHref: "javascript:window.__pwned=1//",
    priceMinor: 7500,
    painting: painting(7, "seascape", "blue", ["white", "grey"]),
    expected: "stored",
  },
  {
    n: 8,
    slug: "other-host-urls",
    attack: "canonical, og:url, product and offer URLs on another host (the offer must stay on the shop)",
    syntax: "jsonld",
    title: [text("Quokka Elsewhere")],
    artist: [text("Quokka Redirector")],
    description: [text("Its page says it lives on evil.example.")],
    keywords: [[text("quokka")]],
    images: [""],
    declaredUrl: `${EVIL}/buy`,
    baseHref: null,
    priceMinor: 6400,
    painting: painting(8, "geometric", "orange", ["teal", "white"]),
    expected: "stored",
  },
  {
    n: 9,
    slug: "opengraph-payloads",
    attack: "payloads in OpenGraph meta content; a javascript: og:image first",
    syntax: "opengraph",
    title: [MARKUP.svg, text("Quokka Meadow "), text(LITERAL.svg)],
    artist: [text(LITERAL.img), text(" Quokka Collective")],
    description: [MARKUP.script, text("Meadow at noon. "), text(LITERAL.script)],
    keywords: [[text("quokka")], [text("meadow")]],
    images: [JS_URL, ""],
    declaredUrl: JS_URL,
    baseHref: null,
    priceMinor: 5500,
    painting: painting(9, "botanical", "yellow", ["green"]),
    expected: "stored",
  },
  {
    n: 10,
    slug: "javascript-image-only",
    attack: "the only image URLs are javascript: and data: (microdata): nothing to store",
    syntax: "microdata",
    title: [text("Quokka Phantom")],
    artist: [text("Quokka Nobody")],
    description: [text("No real image on this page.")],
    keywords: [[text("quokka")]],
    images: [JS_URL, "data:image/png;base64,iVBORw0KGgo="],
    declaredUrl: null,
    baseHref: null,
    priceMinor: 4000,
    painting: painting(10, "stripes", "pink", ["black"]),
    expected: "refused",
  },
];

// ---------------------------------------------------------------------------------------------
// Fields as markup (what the page carries) and as text (what a correct crawler keeps).

/** The field as HTML: markup verbatim, literal text escaped. JSON-LD strings and meta content carry this too. */
export function fieldMarkup(field: Field): string {
  return field.map((s) => ("markup" in s ? s.markup : escapeHtml(s.text))).join("");
}

// Same rules as a crawler's text normalisation: invisible characters dropped, whitespace collapsed.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
function collapse(value: string): string {
  return value.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** The plain text a correct crawler stores for the field. */
export function fieldText(field: Field): string {
  return collapse(field.map((s) => ("markup" in s ? s.visible : s.text)).join(""));
}

function slugOf(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Tags as a crawler keeps them: each keyword's text split on , ; | and newlines, slugged, at most 50 of up to 64 characters. */
export function expectedTags(keywords: readonly Field[]): string[] {
  const out: string[] = [];
  for (const keyword of keywords) {
    for (const part of fieldText(keyword).split(/[,;|\n]/)) {
      const tag = slugOf(part);
      if (tag === "" || tag.length > 64 || out.includes(tag)) continue;
      out.push(tag);
      if (out.length >= 50) return out;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// URLs and ground truth.

export const hostileIndexPath = (): string => `${HOSTILE_PREFIX}/`;
export const hostileSitemapPath = (): string => `${HOSTILE_PREFIX}/sitemap.xml`;
export const hostileProductPath = (work: Pick<HostileWork, "slug">): string => `${HOSTILE_PREFIX}/artworks/${work.slug}`;
export const hostileImagePath = (work: Pick<HostileWork, "n">): string => `${HOSTILE_PREFIX}/images/${work.n}.png`;

/** The image URLs as the page writes them: the real image relative ("../images/n.png") after a javascript: base, else absolute. */
export function pageImageUrls(work: HostileWork, origin: string): string[] {
  const own = work.baseHref ? `../images/${work.n}.png` : `${origin}${hostileImagePath(work)}`;
  return work.images.map((u) => (u === "" ? own : u));
}

export interface HostileWorkTruth {
  n: number;
  slug: string;
  attack: string;
  syntax: HostileSyntax;
  url: string;
  imageUrl: string;
  expected: "stored" | "refused";
  /** What a correct crawler stores (and the site shows), exactly. */
  title: string;
  artist: string;
  description: string;
  tags: string[];
  priceMinor: number;
  currency: "USD";
  /** The offer URL a correct crawler keeps: the page's own URL, whatever the page declares. */
  offerUrl: string;
}

export interface HostileGroundTruth {
  index: string;
  sitemap: string;
  /** The global every payload sets when it runs. */
  marker: string;
  searchWord: string;
  works: HostileWorkTruth[];
}

export function hostileGroundTruth(origin: string): HostileGroundTruth {
  const base = new URL(origin).origin;
  return {
    index: `${base}${hostileIndexPath()}`,
    sitemap: `${base}${hostileSitemapPath()}`,
    marker: PWNED_GLOBAL,
    searchWord: HOSTILE_SEARCH_WORD,
    works: HOSTILE_WORKS.map((work) => ({
      n: work.n,
      slug: work.slug,
      attack: work.attack,
      syntax: work.syntax,
      url: `${base}${hostileProductPath(work)}`,
      imageUrl: `${base}${hostileImagePath(work)}`,
      expected: work.expected,
      title: fieldText(work.title),
      artist: fieldText(work.artist),
      description: fieldText(work.description),
      tags: expectedTags(work.keywords),
      priceMinor: work.priceMinor,
      currency: "USD",
      offerUrl: `${base}${hostileProductPath(work)}`,
    })),
  };
}
