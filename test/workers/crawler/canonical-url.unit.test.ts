import { describe, expect, it } from "vitest";
import { canonicalUrl, isTrackingParam } from "../../../workers/crawler/parse/canonical-url.ts";

describe("canonicalUrl", () => {
  it.each([
    ["HTTPS://Shop.Example/Artworks/A", "https://shop.example/Artworks/A"],
    ["https://shop.example:443/a", "https://shop.example/a"],
    ["http://shop.example:80/a", "http://shop.example/a"],
    ["http://shop.example:8080/a", "http://shop.example:8080/a"],
    ["https://shop.example/a#reviews", "https://shop.example/a"],
    ["https://shop.example/a?b=2&a=1", "https://shop.example/a?a=1&b=2"],
    ["https://shop.example/a?utm_source=x&id=3&UTM_Medium=y", "https://shop.example/a?id=3"],
    ["https://shop.example/a?fbclid=1&gclid=2&ref=home&msclkid=3", "https://shop.example/a"],
    ["https://shop.example/a?", "https://shop.example/a"],
    ["https://shop.example/a?&&x=1&", "https://shop.example/a?x=1"],
    ["https://shop.example/%7Euser/a%2fb", "https://shop.example/~user/a%2Fb"],
    ["https://shop.example/ä", "https://shop.example/%C3%A4"],
    ["https://shop.example/a/../b/./c", "https://shop.example/b/c"],
    ["https://shop.example", "https://shop.example/"],
    ["https://shop.example/a?size=b&size=a", "https://shop.example/a?size=a&size=b"],
    ["https://shop.example/a?q=blue%20sea", "https://shop.example/a?q=blue%20sea"],
  ])("%s -> %s", (input, output) => {
    expect(canonicalUrl(input)).toBe(output);
  });

  it("gives two spellings of one page the same key", () => {
    expect(canonicalUrl("https://SHOP.example/p?b=2&a=1&utm_campaign=x#top")).toBe(canonicalUrl("https://shop.example:443/p?a=1&b=2"));
  });

  it("keeps parameters that select content and path case", () => {
    expect(canonicalUrl("https://shop.example/P?page=2&referrer=x")).toBe("https://shop.example/P?page=2&referrer=x");
  });

  it("resolves relative URLs against a base and rejects non-http(s)", () => {
    expect(canonicalUrl("/a?b=1", "https://shop.example/x/y")).toBe("https://shop.example/a?b=1");
    expect(canonicalUrl("mailto:a@b.example")).toBeNull();
    expect(canonicalUrl("javascript:alert(1)")).toBeNull();
    expect(canonicalUrl("not a url")).toBeNull();
  });

  it("knows the tracking parameters", () => {
    expect(["utm_source", "utm_anything", "fbclid", "gclid", "ref", "mc_eid"].every(isTrackingParam)).toBe(true);
    expect(["page", "size", "id", "referrer"].some(isTrackingParam)).toBe(false);
  });
});
