/**
 * HTML parsing and DOM text helpers on htmlparser2: a forgiving, spec-minded parser that builds
 * an inert tree (nothing is executed, no resources are loaded), so hostile pages are just data.
 */
import { type AnyNode, type Document, type Element, isTag, isText, isCDATA, hasChildren } from "domhandler";
import { parseDocument } from "htmlparser2";
import { findAll } from "domutils";
import { collapseWhitespace } from "./text.ts";

export type { Document, Element, AnyNode };

/** Parses a whole page. Never throws: htmlparser2 recovers from any broken markup. */
export function parseHtml(html: string): Document {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

/** Attribute value or undefined; names are lower-cased by the parser. */
export function attr(el: Element, name: string): string | undefined {
  return el.attribs[name];
}

/** Whitespace-separated, lower-cased tokens of an attribute such as rel or itemprop. */
export function attrTokens(el: Element, name: string): string[] {
  const value = el.attribs[name];
  if (value === undefined) return [];
  return value.toLowerCase().split(/\s+/).filter((t) => t !== "");
}

/** Every element below `root` (document order) that passes `test`. */
export function findElements(root: AnyNode | AnyNode[], test: (el: Element) => boolean): Element[] {
  const nodes = Array.isArray(root) ? root : hasChildren(root) ? root.children : [];
  return findAll(test, nodes);
}

/** Elements with the given (lower-case) tag name. */
export function byTag(root: AnyNode | AnyNode[], name: string): Element[] {
  return findElements(root, (el) => el.name === name);
}

// Content of these is never visible text, so it must not leak into titles or descriptions.
const INVISIBLE_TAGS = new Set(["script", "style", "template", "noscript", "head", "iframe", "object"]);
// Block-level boundaries become spaces so "<p>a</p><p>b</p>" reads "a b", not "ab".
const BLOCK_TAGS = new Set([
  "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "footer",
  "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
  "table", "td", "th", "tr", "ul", "option",
]);

/** Raw text below a node (already entity-decoded by the parser), visible parts only. */
export function rawText(node: AnyNode | AnyNode[]): string {
  const parts: string[] = [];
  const walk = (n: AnyNode): void => {
    if (isText(n)) {
      parts.push(n.data);
    } else if (isTag(n)) {
      if (INVISIBLE_TAGS.has(n.name)) return;
      const block = BLOCK_TAGS.has(n.name);
      if (block) parts.push(" ");
      for (const child of n.children) walk(child);
      if (block) parts.push(" ");
    } else if (isCDATA(n) || hasChildren(n)) {
      for (const child of n.children) walk(child);
    }
  };
  for (const n of Array.isArray(node) ? node : [node]) walk(n);
  return parts.join("");
}

/** Visible text of a node, whitespace collapsed. DOM text is plain text: it is never re-parsed. */
export function textOf(node: AnyNode | AnyNode[]): string {
  return collapseWhitespace(rawText(node));
}

/**
 * Text that may carry markup or entities (JSON-LD strings, sloppy attributes) turned into plain
 * text: "Tide &amp; Time <b>No. 4</b>" -> "Tide & Time No. 4". Markup is parsed into an inert
 * tree and only its visible text kept, so "<script>" contents are dropped, never run.
 */
export function htmlToText(fragment: string): string {
  // Fast path: no tag or entity syntax at all means nothing to interpret.
  if (!/[<&]/.test(fragment)) return collapseWhitespace(fragment);
  const doc = parseDocument(fragment, { decodeEntities: true });
  return textOf(doc);
}

/** Raw (undecoded) text inside a script or similar raw-text element. */
export function scriptText(el: Element): string {
  return el.children.map((c) => (isText(c) ? c.data : "")).join("");
}
