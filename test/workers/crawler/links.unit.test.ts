import { describe, expect, it } from "vitest";
import { discoverLinks } from "../../../workers/crawler/parse/links.ts";

const listing = `<!doctype html><html><head>
<link rel="canonical" href="https://shop.example/category/landscape">
<link rel="next" href="https://shop.example/category/landscape?page=2">
</head><body>
<ul class="grid">
  <li><a href="/artworks/blue-hills#reviews"><img src="/images/1.png"> Blue Hills</a></li>
  <li><a href="/artworks/blue-hills">Blue Hills again</a></li>
  <li><a href="artworks/relative-work">Relative</a></li>
  <li><a href="https://www.shop.example/artworks/www-work">www</a></li>
  <li><a href="https://other.example/artworks/elsewhere">Elsewhere</a></li>
  <li><a href="/artworks/secret" rel="nofollow">Sponsored</a></li>
  <li><a href="mailto:hi@shop.example">Mail</a> <a href="javascript:void(0)">JS</a> <a href="#top">Top</a> <a>No href</a></li>
</ul>
<nav class="pagination"><a href="?page=1">1</a> <a href="?page=3">3</a> <a href="/category/landscape?page=2" rel="next">Next</a>
<a href="/category/landscape/page/4">4</a> <a href="/more-things" aria-label="Next page">›</a></nav>
<a href="/about">About us</a> <a href="/private/drafts/x">Coming soon</a>
</body></html>`;

describe("discoverLinks", () => {
  const links = discoverLinks(listing, "https://shop.example/category/landscape");

  it("finds product links, absolute, fragment-free, deduplicated, same site only", () => {
    expect(links.productLinks).toEqual([
      "https://shop.example/artworks/blue-hills",
      "https://shop.example/category/artworks/relative-work",
      "https://www.shop.example/artworks/www-work",
    ]);
  });

  it("finds pagination from rel=next, page parameters, /page/N and 'next' wording", () => {
    expect(links.paginationLinks).toEqual([
      "https://shop.example/category/landscape?page=2",
      "https://shop.example/category/landscape?page=1",
      "https://shop.example/category/landscape?page=3",
      "https://shop.example/category/landscape/page/4",
      "https://shop.example/more-things",
    ]);
  });

  it("keeps other same-site links apart and skips nofollow and non-http links", () => {
    expect(links.otherLinks).toEqual(["https://shop.example/about", "https://shop.example/private/drafts/x"]);
    const all = [...links.productLinks, ...links.paginationLinks, ...links.otherLinks];
    expect(all.some((u) => u.includes("secret") || u.includes("other.example") || u.startsWith("mailto"))).toBe(false);
  });

  it("uses the source's product patterns when given", () => {
    const custom = discoverLinks(listing, "https://shop.example/category/landscape", { productPatterns: ["/artworks/blue-", /www-work$/g] });
    expect(custom.productLinks).toEqual(["https://shop.example/artworks/blue-hills", "https://www.shop.example/artworks/www-work"]);
    expect(custom.otherLinks).toContain("https://shop.example/category/artworks/relative-work");
  });

  it("ignores a broken pattern instead of failing", () => {
    expect(() => discoverLinks(listing, "https://shop.example/c", { productPatterns: ["(unclosed"] })).not.toThrow();
  });

  it("can follow other hosts when asked", () => {
    const cross = discoverLinks(listing, "https://shop.example/category/landscape", { crossHost: true });
    expect(cross.productLinks).toContain("https://other.example/artworks/elsewhere");
  });

  it("honours <base href>", () => {
    const html = `<head><base href="https://cdn.shop.example/store/"></head><a href="artworks/a">A</a>`;
    expect(discoverLinks(html, "https://cdn.shop.example/x", {}).productLinks).toEqual(["https://cdn.shop.example/store/artworks/a"]);
  });

  it("follows nothing on a nofollow page", () => {
    const html = `<head><meta name="robots" content="noindex, nofollow"></head><a href="/artworks/a">A</a>`;
    expect(discoverLinks(html, "https://shop.example/")).toEqual({ productLinks: [], paginationLinks: [], otherLinks: [], nofollow: true });
  });

  it("survives broken HTML and a bad page URL", () => {
    expect(discoverLinks("<a href='/artworks/a'>A<a href=/artworks/b>B<div", "https://shop.example/").productLinks).toEqual([
      "https://shop.example/artworks/a",
      "https://shop.example/artworks/b",
    ]);
    expect(discoverLinks("<a href='/a'>", "not a url").productLinks).toEqual([]);
  });
});
