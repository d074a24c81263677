/**
 * <head> tags for sharing: the document title, description, canonical link,
 * OpenGraph and Twitter card. OpenGraph wants absolute URLs, so loaders pass
 * the site's origin (`siteOrigin`) and build page and image URLs with it.
 */
import type { MetaDescriptor } from "@remix-run/cloudflare";

export const SITE_NAME = "Art Snob";
const MAX_DESCRIPTION = 200;

export interface SocialMetaInput {
  /** The page's own title; " — Art Snob" is added for the document title. */
  title: string;
  description: string;
  /** Canonical URL of the page: absolute, or a path resolved against `origin`. */
  url: string;
  /** Share image: absolute, or a path resolved against `origin`. */
  image?: string | null;
  imageAlt?: string | null;
  /** og:type; "website" unless given. */
  type?: "website" | "article" | "profile" | "product";
  origin?: string;
}

/**
 * The site's public origin: PUBLIC_SITE_URL when it is a valid http(s) URL,
 * else the origin the request came in on.
 */
export function siteOrigin(requestUrl: string, publicSiteUrl?: string | null): string {
  if (publicSiteUrl) {
    try {
      const url = new URL(publicSiteUrl);
      if (url.protocol === "https:" || url.protocol === "http:") return url.origin;
    } catch {
      // fall through to the request's own origin
    }
  }
  return new URL(requestUrl).origin;
}

/** `path` made absolute against `origin`; absolute URLs are returned as they are. */
export function absoluteUrl(path: string, origin?: string): string {
  try {
    return new URL(path).toString();
  } catch {
    if (!origin) return path;
    return new URL(path, origin).toString();
  }
}

/** One line, at most `max` characters, cut at a word boundary with an ellipsis. */
export function summarise(text: string, max = MAX_DESCRIPTION): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, "")}…`;
}

export function documentTitle(title: string): string {
  return title.includes(SITE_NAME) ? title : `${title} — ${SITE_NAME}`;
}

export function socialMeta(input: SocialMetaInput): MetaDescriptor[] {
  const description = summarise(input.description);
  const url = absoluteUrl(input.url, input.origin);
  const image = input.image ? absoluteUrl(input.image, input.origin) : null;
  const imageAlt = input.imageAlt ? summarise(input.imageAlt, 420) : null;
  const tags: MetaDescriptor[] = [
    { title: documentTitle(input.title) },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: url },
    { property: "og:site_name", content: SITE_NAME },
    { property: "og:type", content: input.type ?? "website" },
    { property: "og:title", content: input.title },
    { property: "og:description", content: description },
    { property: "og:url", content: url },
  ];
  if (image) {
    tags.push({ property: "og:image", content: image });
    if (imageAlt) tags.push({ property: "og:image:alt", content: imageAlt });
  }
  tags.push(
    { name: "twitter:card", content: image ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: input.title },
    { name: "twitter:description", content: description },
  );
  if (image) {
    tags.push({ name: "twitter:image", content: image });
    if (imageAlt) tags.push({ name: "twitter:image:alt", content: imageAlt });
  }
  return tags;
}
