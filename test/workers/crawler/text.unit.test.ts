import { describe, expect, it } from "vitest";
import { htmlToText, parseHtml, textOf } from "../../../workers/crawler/parse/html.ts";
import { collapseWhitespace, normaliseTags, slugify } from "../../../workers/crawler/parse/text.ts";

describe("htmlToText (strings that may carry markup: JSON-LD, attributes)", () => {
  it.each([
    ["Tide &amp; Time <b>No. 4</b>", "Tide & Time No. 4"],
    ["Tide & Time", "Tide & Time"],
    ["  Blue\n\tHour\u00a0 ", "Blue Hour"],
    ["Caf&eacute; &#8211; Nuit", "Café – Nuit"],
    ["<p>First</p><p>Second</p>", "First Second"],
    ["Line<br>break", "Line break"],
    ["a < b and c > d", "a < b and c > d"],
    ["I <3 art", "I <3 art"],
    ["<script>alert('x')</script>Moonrise", "Moonrise"],
    ["<style>h1{}</style><i>Dusk</i>", "Dusk"],
    ["Zero\u200bwidth", "Zerowidth"],
    ["", ""],
  ])("%j -> %j", (input, output) => {
    expect(htmlToText(input)).toBe(output);
  });
});

describe("DOM text is already decoded and never re-interpreted", () => {
  it("keeps escaped script-looking text as plain text", () => {
    const doc = parseHtml("<h1>&lt;script&gt;alert(1)&lt;/script&gt; Study &amp;amp; more</h1>");
    expect(textOf(doc)).toBe("<script>alert(1)</script> Study &amp; more");
  });

  it("skips script and style contents", () => {
    const doc = parseHtml("<div>Visible<script>var hidden = 1;</script><style>.x{}</style> text</div>");
    expect(textOf(doc)).toBe("Visible text");
  });
});

describe("tags", () => {
  it("slugifies, lower-cases, folds accents and dedupes", () => {
    expect(normaliseTags(["Oil Painting", "oil-painting", "Giclée", "Black & White", "  ", "SEA"])).toEqual([
      "oil-painting",
      "giclee",
      "black-and-white",
      "sea",
    ]);
  });

  it("splits keyword strings on commas, semicolons and pipes", () => {
    expect(normaliseTags(["colour-field, warm; Orange | gold", "warm"])).toEqual(["colour-field", "warm", "orange", "gold"]);
  });

  it("drops absurd tags and caps the count", () => {
    expect(normaliseTags(["x".repeat(200)])).toEqual([]);
    expect(normaliseTags([Array.from({ length: 80 }, (_, i) => `t${i}`).join(",")])).toHaveLength(50);
  });

  it("slugify and collapseWhitespace behave", () => {
    expect(slugify("  Hello, World!  ")).toBe("hello-world");
    expect(collapseWhitespace(" a \n\n b\u2009c ")).toBe("a b c");
  });
});
