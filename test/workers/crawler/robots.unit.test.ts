import { describe, expect, it } from "vitest";
import { robotsTxt as demoShopRobots } from "../../../workers/demo-shop/robots.ts";
import { crawlDelayFor, isAllowed, parseRobots, sitemapsIn } from "../../../workers/crawler/robots.ts";

const UA = "ArtSnobBot/0.1 (+https://artsnob.example/bot)";
const allowed = (txt: string, path: string, ua = UA): boolean => isAllowed(txt, ua, `https://shop.example${path}`);

describe("RFC 9309 section 5.1 example", () => {
  const txt = [
    "User-Agent: *",
    "Disallow: *.gif$",
    "Disallow: /example/",
    "Allow: /publications/",
    "",
    "User-Agent: foobot",
    "Disallow:/",
    "Allow:/example/page.html",
    "Allow:/example/allowed.gif",
    "",
    "User-Agent: barbot",
    "User-Agent: bazbot",
    "Disallow: /example/page.html",
    "",
    "User-Agent: quxbot",
    "",
    "EOF",
  ].join("\n");

  it.each([
    ["foobot", "/example/page.html", true],
    ["foobot", "/example/allowed.gif", true],
    ["foobot", "/example/other.html", false],
    ["foobot", "/", false],
    ["barbot", "/example/page.html", false],
    ["bazbot", "/example/page.html", false],
    ["barbot", "/example/other.html", true],
    ["barbot", "/picture.gif", true],
    ["quxbot", "/example/page.html", true],
    ["quxbot", "/anything.gif", true],
    ["otherbot", "/picture.gif", false],
    ["otherbot", "/dir/picture.gif", false],
    ["otherbot", "/picture.gif?size=2", true],
    ["otherbot", "/example/", false],
    ["otherbot", "/example/page.html", false],
    ["otherbot", "/publications/", true],
    ["otherbot", "/publications/2024.html", true],
    ["otherbot", "/", true],
  ])("%s %s -> %s", (ua, path, expected) => {
    expect(allowed(txt, path, `${ua}/1.0`)).toBe(expected);
  });
});

describe("longest match and ties", () => {
  it("RFC 2.2.2: the longer Allow inside a Disallowed directory wins", () => {
    const txt = "User-agent: *\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n";
    expect(allowed(txt, "/example/page/")).toBe(true);
    expect(allowed(txt, "/example/page/ok.gif")).toBe(true);
    expect(allowed(txt, "/example/page/disallowed.gif")).toBe(false);
  });

  it("a longer Allow beats a shorter Disallow, regardless of order", () => {
    expect(allowed("User-agent: *\nDisallow: /\nAllow: /p\n", "/page")).toBe(true);
    expect(allowed("User-agent: *\nAllow: /p\nDisallow: /\n", "/page")).toBe(true);
    expect(allowed("User-agent: *\nAllow: /p\nDisallow: /\n", "/other")).toBe(false);
  });

  it("Allow wins an equally long Disallow", () => {
    expect(allowed("User-agent: *\nDisallow: /folder\nAllow: /folder\n", "/folder/page")).toBe(true);
    expect(allowed("User-agent: *\nAllow: /page\nDisallow: /*.ph\n", "/page.php5")).toBe(true);
  });

  it("a longer wildcard Disallow beats a shorter Allow", () => {
    expect(allowed("User-agent: *\nAllow: /page\nDisallow: /*.htm\n", "/page.htm")).toBe(false);
  });

  it("'Allow: /$' opens only the home page", () => {
    const txt = "User-agent: *\nAllow: /$\nDisallow: /\n";
    expect(allowed(txt, "/")).toBe(true);
    expect(allowed(txt, "/page.htm")).toBe(false);
  });
});

describe("patterns: prefixes, * and $", () => {
  const cases: Array<[pattern: string, path: string, matches: boolean]> = [
    ["/fish", "/fish", true],
    ["/fish", "/fish.html", true],
    ["/fish", "/fish/salmon.html", true],
    ["/fish", "/fishheads", true],
    ["/fish", "/fish.php?id=anything", true],
    ["/fish", "/Fish.asp", false],
    ["/fish", "/catfish", false],
    ["/fish", "/?id=fish", false],
    ["/fish", "/desert/fish", false],
    ["/fish*", "/fishheads/yummy.html", true],
    ["/fish/", "/fish/?id=anything", true],
    ["/fish/", "/fish", false],
    ["/fish/", "/animals/fish/", false],
    ["/*.php", "/folder/filename.php?parameters", true],
    ["/*.php", "/folder/any.php.file.html", true],
    ["/*.php", "/windows.PHP", false],
    ["/*.php$", "/filename.php", true],
    ["/*.php$", "/folder/filename.php", true],
    ["/*.php$", "/filename.php?parameters", false],
    ["/*.php$", "/filename.php/", false],
    ["/*.php$", "/filename.php5", false],
    ["/fish*.php", "/fishheads/catfish.php?parameters", true],
    ["/fish*.php", "/Fish.PHP", false],
    ["/*?sort=", "/category/landscape?sort=price-asc", true],
    ["/*?sort=", "/category/landscape?page=2", false],
    ["/**/x", "/a/b/x", true],
  ];
  it.each(cases)("Disallow: %s vs %s -> blocked %s", (pattern, path, matches) => {
    expect(allowed(`User-agent: *\nDisallow: ${pattern}\n`, path)).toBe(!matches);
  });
});

describe("percent-encoding (RFC 9309 2.2.2)", () => {
  it("a raw UTF-8 pattern matches the percent-encoded URL and vice versa", () => {
    expect(allowed("User-agent: *\nDisallow: /foo/bar/ツ\n", "/foo/bar/%E3%83%84")).toBe(false);
    expect(isAllowed("User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", UA, "https://shop.example/foo/bar/ツ")).toBe(false);
  });

  it("escapes of unreserved characters equal the characters", () => {
    expect(allowed("User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", "/foo/bar/baz")).toBe(false);
    expect(allowed("User-agent: *\nDisallow: /~joe\n", "/%7Ejoe/index.html")).toBe(false);
  });

  it("hex case does not matter", () => {
    expect(allowed("User-agent: *\nDisallow: /a%2fb\n", "/a%2Fb")).toBe(false);
  });

  it("%2A and %24 in a pattern match a literal * and $ in the URL", () => {
    expect(allowed("User-agent: *\nDisallow: /path/file-with-a-%2A.html\n", "/path/file-with-a-*.html")).toBe(false);
    expect(allowed("User-agent: *\nDisallow: /path/foo-%24\n", "/path/foo-$")).toBe(false);
    expect(allowed("User-agent: *\nDisallow: /path/foo-%24\n", "/path/foo-")).toBe(true);
  });
});

describe("user-agent groups", () => {
  it("matches the product token case-insensitively, whatever follows it in either string", () => {
    const txt = "User-agent: artsnobbot/2.0\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n";
    expect(allowed(txt, "/shop")).toBe(true);
    expect(allowed(txt, "/private/x")).toBe(false);
    expect(allowed(txt, "/shop", "ARTSNOBBOT")).toBe(true);
  });

  it("finds the token in a Mozilla-compatible UA string", () => {
    const txt = "User-agent: ArtSnobBot\nDisallow: /x\n\nUser-agent: *\nDisallow: /\n";
    expect(allowed(txt, "/y", "Mozilla/5.0 (compatible; ArtSnobBot/0.1; +https://artsnob.example/bot)")).toBe(true);
  });

  it("does not match a different bot whose name merely starts the same", () => {
    const txt = "User-agent: ArtSnobBotNews\nDisallow: /\n";
    expect(allowed(txt, "/page")).toBe(true);
  });

  it("merges every group naming the crawler", () => {
    const txt = "User-agent: ArtSnobBot\nDisallow: /a\n\nUser-agent: other\nDisallow: /\n\nUser-agent: artsnobbot\nDisallow: /b\n";
    expect(allowed(txt, "/a")).toBe(false);
    expect(allowed(txt, "/b")).toBe(false);
    expect(allowed(txt, "/c")).toBe(true);
  });

  it("merges '*' groups when no group names the crawler, and ignores other bots' rules", () => {
    const txt = "User-agent: *\nDisallow: /a\n\nUser-agent: BadBot\nDisallow: /\n\nUser-agent: *\nDisallow: /b\n";
    expect(allowed(txt, "/a")).toBe(false);
    expect(allowed(txt, "/b")).toBe(false);
    expect(allowed(txt, "/c")).toBe(true);
    expect(allowed(txt, "/c", "BadBot")).toBe(false);
  });

  it("a named group replaces '*' entirely", () => {
    const txt = "User-agent: *\nDisallow: /\n\nUser-agent: ArtSnobBot\nDisallow: /cart\n";
    expect(allowed(txt, "/artworks/x")).toBe(true);
    expect(allowed(txt, "/cart")).toBe(false);
  });

  it("consecutive user-agent lines share one group; rules before any group are ignored", () => {
    const txt = "Disallow: /orphan\nUser-agent: a\nUser-agent: ArtSnobBot\nUser-agent: b\nDisallow: /shared\n";
    const parsed = parseRobots(txt);
    expect(parsed.groups).toHaveLength(1);
    expect(parsed.groups[0]?.userAgents).toEqual(["a", "artsnobbot", "b"]);
    expect(allowed(txt, "/shared/x")).toBe(false);
    expect(allowed(txt, "/orphan")).toBe(true);
  });
});

describe("file syntax", () => {
  it("handles CRLF, CR, a BOM, comments, odd spacing and field-name case", () => {
    const txt = "\uFEFF# shop robots\r\nUSER-AGENT :  *  # everyone\r\ndisallow:/private/ # keep out\rALLOW : /private/ok\r\n";
    expect(allowed(txt, "/private/x")).toBe(false);
    expect(allowed(txt, "/private/ok")).toBe(true);
    expect(allowed(txt, "/public")).toBe(true);
  });

  it("skips malformed lines and unknown fields without losing the group", () => {
    const txt = "User-agent: *\nDisallow /nocolon\nthis is junk\nHost: shop.example\nNoindex: /x\n:\nDisallow: /real\n";
    expect(allowed(txt, "/nocolon")).toBe(true);
    expect(allowed(txt, "/real")).toBe(false);
  });

  it("accepts common misspellings of field names", () => {
    const txt = "useragent: *\ndissallow: /a\ndisalow: /b\n";
    expect(allowed(txt, "/a")).toBe(false);
    expect(allowed(txt, "/b")).toBe(false);
  });

  it("an empty Disallow allows everything; an empty file too", () => {
    expect(allowed("User-agent: *\nDisallow:\n", "/anything")).toBe(true);
    expect(allowed("", "/anything")).toBe(true);
    expect(allowed("<html><body>Not found</body></html>", "/anything")).toBe(true);
  });

  it("always allows /robots.txt itself", () => {
    expect(allowed("User-agent: *\nDisallow: /\n", "/robots.txt")).toBe(true);
    expect(allowed("User-agent: *\nDisallow: /\n", "/robots.txt.bak")).toBe(false);
  });

  it("matches against path and query, never the fragment", () => {
    const txt = "User-agent: *\nDisallow: /search?q=\n";
    expect(allowed(txt, "/search?q=art")).toBe(false);
    expect(allowed(txt, "/search#q=art")).toBe(true);
  });

  it("refuses URLs it cannot parse and accepts bare paths", () => {
    expect(isAllowed("User-agent: *\nDisallow: /x\n", UA, "not a url")).toBe(false);
    expect(isAllowed("User-agent: *\nDisallow: /x\n", UA, "/y")).toBe(true);
    expect(isAllowed("User-agent: *\nDisallow: /x\n", UA, "/x/1")).toBe(false);
  });

  it("stays fast on hostile wildcard patterns", () => {
    const txt = `User-agent: *\nDisallow: /${"*a".repeat(40)}b\n`;
    const started = Date.now();
    expect(allowed(txt, `/${"a".repeat(2000)}`)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("ignores content beyond 512 KiB", () => {
    const txt = `User-agent: *\n${"# padding\n".repeat(60_000)}Disallow: /late\n`;
    expect(allowed(txt, "/late")).toBe(true);
  });
});

describe("crawl-delay", () => {
  it("comes from the crawler's group, else from '*'", () => {
    const txt = "User-agent: *\nCrawl-delay: 5\n\nUser-agent: ArtSnobBot\nCrawl-delay: 2.5\nDisallow: /x\n";
    expect(crawlDelayFor(txt, UA)).toBe(2.5);
    expect(crawlDelayFor(txt, "OtherBot")).toBe(5);
  });

  it("is null when unset or invalid", () => {
    expect(crawlDelayFor("User-agent: *\nDisallow: /\n", UA)).toBeNull();
    expect(crawlDelayFor("User-agent: *\nCrawl-delay: soon\n", UA)).toBeNull();
    expect(crawlDelayFor("User-agent: *\nCrawl-delay: -3\n", UA)).toBeNull();
    expect(crawlDelayFor("", UA)).toBeNull();
  });

  it("does not leak from another bot's group", () => {
    expect(crawlDelayFor("User-agent: SlowBot\nCrawl-delay: 60\n\nUser-agent: *\nDisallow:\n", UA)).toBeNull();
  });
});

describe("sitemaps", () => {
  it("collects absolute sitemap URLs anywhere in the file, in order, once each", () => {
    const txt = [
      "Sitemap: https://shop.example/sitemap.xml",
      "User-agent: *",
      "Disallow: /private/",
      "SITEMAP:https://shop.example/sitemap-images.xml # images",
      "sitemap: https://shop.example/sitemap.xml",
      "Sitemap: /relative.xml",
      "Sitemap: ftp://shop.example/x.xml",
    ].join("\n");
    expect(sitemapsIn(txt)).toEqual(["https://shop.example/sitemap.xml", "https://shop.example/sitemap-images.xml"]);
    // Sitemap lines do not end a group.
    expect(allowed(txt, "/private/x")).toBe(false);
  });
});

describe("the demo shop's robots.txt", () => {
  const txt = demoShopRobots("http://127.0.0.1:8787", 1);

  it("keeps the crawler out of /private/ but lets it read the press kit (longest match, Allow listed last)", () => {
    expect(allowed(txt, "/private/drafts/unreleased-study")).toBe(false);
    expect(allowed(txt, "/private/trade-prices.html?work=1001")).toBe(false);
    expect(allowed(txt, "/private/press-kit.html")).toBe(true);
  });

  it("blocks sorted listings by wildcard and allows the rest", () => {
    expect(allowed(txt, "/category/landscape?sort=price-asc")).toBe(false);
    expect(allowed(txt, "/category/landscape?sort=price-desc&page=2")).toBe(false);
    expect(allowed(txt, "/category/landscape?page=2")).toBe(true);
    expect(allowed(txt, "/artworks/orange-threshold")).toBe(true);
    expect(allowed(txt, "/images/1001.png")).toBe(true);
  });

  it("does not apply other bots' groups to this crawler", () => {
    expect(allowed(txt, "/artworks/x", "BadBot/1.0")).toBe(false);
    expect(allowed(txt, "/images/1.png", "PriceScraper")).toBe(false);
    expect(allowed(txt, "/private/press-kit.html", "ImageHoarder")).toBe(true);
    expect(crawlDelayFor(txt, UA)).toBe(1);
    expect(crawlDelayFor(txt, "PriceScraper/3")).toBe(30);
    expect(sitemapsIn(txt)).toEqual(["http://127.0.0.1:8787/sitemap.xml"]);
  });
});
