import { describe, expect, it } from "vitest";
import { ftsMatchExpression, keywordsOf } from "../../app/server/search/keyword";
import { searchHref } from "../../app/server/search/links";
import { readSearchParams } from "../../app/server/search/params";
import { cleanQueryText, filtersAsText, parseQuery, withoutPhrase } from "../../app/server/search/query-parser";
import { aboveFloor, fuseRankings, relevanceFloor } from "../../app/server/search/rank";
import { vectorFilter, sqlFilter } from "../../app/server/search/filters";
import { SWATCHES } from "../../app/server/search/colours";

const filters = (q: string) => parseQuery(q).filters;
const remainder = (q: string) => parseQuery(q).remainder;

describe("price", () => {
  it.each([
    ["under $80", { maxPriceMinor: 8000, currency: "USD" }],
    ["below 100 euros", { maxPriceMinor: 10000, currency: "EUR" }],
    ["less than £50", { maxPriceMinor: 5000, currency: "GBP" }],
    ["up to 80", { maxPriceMinor: 8000 }],
    ["cheaper than 120 EUR", { maxPriceMinor: 12000, currency: "EUR" }],
    ["no more than US$99.99", { maxPriceMinor: 9999, currency: "USD" }],
    ["<= 60", { maxPriceMinor: 6000 }],
    ["budget of $300", { maxPriceMinor: 30000, currency: "USD" }],
    ["$80 or less", { maxPriceMinor: 8000, currency: "USD" }],
    ["100 euros and under", { maxPriceMinor: 10000, currency: "EUR" }],
    ["$50-$120", { minPriceMinor: 5000, maxPriceMinor: 12000, currency: "USD" }],
    ["$50 - 120", { minPriceMinor: 5000, maxPriceMinor: 12000, currency: "USD" }],
    ["50–120 €", { minPriceMinor: 5000, maxPriceMinor: 12000, currency: "EUR" }],
    ["between 50 and 100 dollars", { minPriceMinor: 5000, maxPriceMinor: 10000, currency: "USD" }],
    ["between 50 and 100", { minPriceMinor: 5000, maxPriceMinor: 10000 }],
    ["from €50 to €90", { minPriceMinor: 5000, maxPriceMinor: 9000, currency: "EUR" }],
    ["priced 40 to 60", { minPriceMinor: 4000, maxPriceMinor: 6000 }],
    ["between $120 and $50", { minPriceMinor: 5000, maxPriceMinor: 12000, currency: "USD" }],
    ["over $200", { minPriceMinor: 20000, currency: "USD" }],
    ["above 150", { minPriceMinor: 15000 }],
    ["at least £40", { minPriceMinor: 4000, currency: "GBP" }],
    ["more than 1,000 dollars", { minPriceMinor: 100000, currency: "USD" }],
    ["from $50", { minPriceMinor: 5000, currency: "USD" }],
    ["$200 or more", { minPriceMinor: 20000, currency: "USD" }],
    ["£150+", { minPriceMinor: 15000, currency: "GBP" }],
    ["around $80", { minPriceMinor: 6400, maxPriceMinor: 9600, currency: "USD" }],
    ["sea $80", { maxPriceMinor: 8000, currency: "USD" }],
    ["sea for 45 quid", { maxPriceMinor: 4500, currency: "GBP" }],
    ["under 1.5k", { maxPriceMinor: 150000 }],
    ["under $1,299.99", { maxPriceMinor: 129999, currency: "USD" }],
    ["over $40 under $90", { minPriceMinor: 4000, maxPriceMinor: 9000, currency: "USD" }],
    ["cheap", { cheap: true }],
    ["affordable prints", { cheap: true }],
    ["cheap under $50", { maxPriceMinor: 5000, currency: "USD" }],
    ["＄８０", { maxPriceMinor: 8000, currency: "USD" }],
  ])("%s", (q, expected) => {
    expect(filters(q)).toEqual(expected);
    expect(remainder(q)).not.toMatch(/\d/);
  });

  it.each([
    "under 80 cm",
    "from 1950",
    "1950s jazz",
    "about 3 birds",
    "from 1950 to 1960",
    "2-3 boats",
    "80x100 canvas",
    "under $99999999999999",
  ])("%s is not a price", (q) => {
    const f = filters(q);
    expect(f.minPriceMinor).toBeUndefined();
    expect(f.maxPriceMinor).toBeUndefined();
  });

  it("labels each price phrase for its chip", () => {
    const labels = (q: string) => parseQuery(q).recognised.filter((r) => r.kind === "price").map((r) => r.label);
    expect(labels("under $80")).toEqual(["Under $80"]);
    expect(labels("€50-€120")).toEqual(["€50–€120"]);
    expect(labels("over £1,250.50")).toEqual(["Over £1,250.50"]);
    expect(labels("around $80")).toEqual(["Around $80"]);
    expect(labels("cheap")).toEqual(["Cheapest quarter"]);
  });
});

describe("orientation and size", () => {
  it.each([
    ["portrait", "portrait"],
    ["Landscape format", "landscape"],
    ["in square", "square"],
    ["square-shaped", "square"],
    ["tall", "portrait"],
    ["vertical", "portrait"],
    ["wide", "landscape"],
    ["panoramic", "landscape"],
  ])("%s -> orientation %s", (q, orientation) => {
    expect(filters(q)).toEqual({ orientation });
    expect(remainder(q)).toBe("");
  });

  it.each([
    ["small", "small"],
    ["tiny", "small"],
    ["medium-sized", "medium"],
    ["mid size", "medium"],
    ["large", "large"],
    ["big", "large"],
    ["huge", "oversize"],
    ["extra large", "oversize"],
    ["XL", "oversize"],
    ["oversized", "oversize"],
  ])("%s -> size %s", (q, size) => {
    expect(filters(q)).toEqual({ size });
    expect(remainder(q)).toBe("");
  });

  it("leaves contradicting mentions alone", () => {
    expect(parseQuery("portrait or landscape")).toMatchObject({ filters: {}, remainder: "portrait or landscape" });
    expect(parseQuery("small or large")).toMatchObject({ filters: {}, remainder: "small or large" });
    expect(filters("tall portrait")).toEqual({ orientation: "portrait" });
  });

  it("does not read plurals and other words as filters", () => {
    expect(filters("squares and circles")).toEqual({});
    expect(filters("widescreen")).toEqual({});
    expect(filters("smallholding")).toEqual({});
  });
});

describe("colours", () => {
  it("recognises the 16 names, case-insensitively", () => {
    for (const { name } of SWATCHES) {
      expect(filters(`${name.toUpperCase()} harbour`)).toEqual({ colours: [name] });
      expect(remainder(`${name} harbour`)).toBe("harbour");
    }
  });

  it("maps unambiguous synonyms and takes shade words along", () => {
    expect(filters("gray")).toEqual({ colours: ["grey"] });
    expect(filters("turquoise sea")).toEqual({ colours: ["teal"] });
    expect(parseQuery("light blue and dark red")).toMatchObject({ filters: { colours: ["blue", "red"] }, remainder: "" });
    expect(filters("blue-green")).toEqual({ colours: ["blue", "green"] });
    expect(filters("black and white photo")).toEqual({ colours: ["black", "white"] });
    expect(filters("blue blue")).toEqual({ colours: ["blue"] });
  });

  it("leaves negated colours and subject words in the text", () => {
    expect(parseQuery("not blue")).toMatchObject({ filters: {}, remainder: "not blue" });
    expect(parseQuery("sea without red")).toMatchObject({ filters: {}, remainder: "sea without red" });
    expect(parseQuery("no light green")).toMatchObject({ filters: {} });
    expect(parseQuery("blue but not red")).toMatchObject({ filters: { colours: ["blue"] }, remainder: "not red" });
    expect(filters("roses")).toEqual({});
    expect(filters("bluebells")).toEqual({});
  });
});

describe("the rest of the text", () => {
  it.each([
    ["lonely lighthouse in a storm, blue tones, under $80", "lonely lighthouse in a storm"],
    ["a blue painting under $80", ""],
    ["show me some red artwork", ""],
    ["I'm looking for a calm harbour at dusk", "calm harbour at dusk"],
    ["abstract shapes priced under $100", "abstract shapes"],
    ["shades of blue", ""],
    ["  Calm   SEA  ", "Calm SEA"],
    ["", ""],
  ])("%s -> %s", (q, rest) => {
    expect(remainder(q)).toBe(rest);
  });

  it("finds everything in one query", () => {
    expect(parseQuery("large tall crimson roses between $50 and $150")).toMatchObject({
      remainder: "roses",
      filters: { minPriceMinor: 5000, maxPriceMinor: 15000, currency: "USD", orientation: "portrait", size: "large", colours: ["crimson"] },
    });
  });

  it("keeps recognised phrases' positions in the cleaned text, for chips", () => {
    const parsed = parseQuery("blue sea under $80");
    expect(parsed.recognised.map((r) => [r.kind, parsed.text.slice(r.start, r.end)])).toEqual([
      ["colour", "blue"],
      ["price", "under $80"],
    ]);
    expect(withoutPhrase(parsed.text, parsed.recognised[1]!)).toBe("blue sea");
    expect(withoutPhrase(parsed.text, parsed.recognised[0]!)).toBe("sea under $80");
    const commas = parseQuery("sea, blue, under $80");
    expect(withoutPhrase(commas.text, commas.recognised[0]!)).toBe("sea, under $80");
  });

  it("reads its own filters back", () => {
    for (const q of ["blue portrait under $80", "red green oversized between 50 and 90", "square over €40", "small under 60"]) {
      const f = filters(q);
      expect(filters(filtersAsText(f))).toEqual(f);
    }
  });
});

describe("hostile and odd input", () => {
  it("cleans control, format and odd characters", () => {
    expect(cleanQueryText("\u0000red\u0007\tsea\u200b\u202e\n")).toBe("red sea");
    expect(cleanQueryText("ＢＬＵＥ")).toBe("BLUE");
    expect(cleanQueryText("\ud800blue")).toBe("blue");
    expect(cleanQueryText("   ")).toBe("");
  });

  it.each([
    '"',
    "title:blue",
    "NEAR(study blue, 2)",
    "study* ^red -blue",
    "'; DROP TABLE artworks; --",
    "<script>alert(1)</script>",
    "{\"$gt\": 1}",
    "💙🌊",
    "a".repeat(1000),
    "$$$ €€€ £££ 1,,,000 ... --- ~~~",
    "under under under $",
    "between and",
  ])("never throws on %s", (q) => {
    expect(() => parseQuery(q)).not.toThrow();
    const match = ftsMatchExpression(parseQuery(q).remainder);
    if (match !== null) expect(match).toMatch(/^("[\p{L}\p{N}]+" ?)+$/u);
  });
});

describe("keywords", () => {
  it("quotes every word and drops stop words and operators' punctuation", () => {
    expect(ftsMatchExpression('title:"blue" OR NEAR(sea*)')).toBe('"title" "blue" "near" "sea"');
    expect(ftsMatchExpression("the and of")).toBeNull();
    expect(ftsMatchExpression("O'Keeffe")).toBe('"o" "keeffe"');
    expect(keywordsOf("one two three four five six seven eight nine ten")).toHaveLength(8);
    expect(keywordsOf("Café CAFÉ")).toEqual(["café"]);
  });
});

describe("filters", () => {
  it("become a Vectorize metadata filter and SQL with the same meaning", () => {
    const f = { minPriceMinor: 5000, maxPriceMinor: 9000, currency: "USD" as const, orientation: "portrait" as const, size: "large" as const, colours: ["blue" as const, "teal" as const] };
    expect(vectorFilter(f)).toEqual({
      available: { $eq: true },
      priceMinor: { $gte: 5000, $lte: 9000 },
      currency: { $eq: "USD" },
      orientation: { $eq: "portrait" },
      sizeClass: { $eq: "large" },
      colour: { $in: ["blue", "teal"] },
    });
    expect(vectorFilter({ colours: ["red"] })).toEqual({ available: { $eq: true }, colour: { $eq: "red" } });
    const sql = sqlFilter(f);
    expect(sql.where).toBe(
      "a.available = 1 AND a.min_price_minor >= ? AND a.min_price_minor <= ? AND a.currency = ? AND a.orientation = ? AND a.size_class = ? AND a.dominant_colour IN (?,?)",
    );
    expect(sql.binds).toEqual([5000, 9000, "USD", "portrait", "large", "blue", "teal"]);
  });
});

describe("ranking", () => {
  it("drops vector hits under the floor", () => {
    expect(aboveFloor([{ id: 1, score: 0.5 }, { id: 2, score: 0.19 }, { id: 3, score: 0.2 }, { id: 4, score: Number.NaN }], 0.2).map((h) => h.id)).toEqual([1, 3]);
    expect(relevanceFloor("clip-vit-b32").text).toBe(0.2);
    expect(relevanceFloor("builtin-colour-v1").text).toBeGreaterThan(0.2);
  });

  it("fuses by reciprocal rank: agreement first, one list's favourites next", () => {
    const fused = fuseRankings(
      [{ id: 1, score: 0.9 }, { id: 2, score: 0.8 }, { id: 3, score: 0.7 }],
      [{ id: 3 }, { id: 4 }, { id: 1 }],
    );
    expect(fused.map((r) => [r.id, r.source])).toEqual([
      [1, "both"],
      [3, "both"],
      [2, "vector"],
      [4, "keyword"],
    ]);
    expect(fused[0]!.score).toBeLessThanOrEqual(1);
    expect(fuseRankings([{ id: 7, score: 0.3 }], [{ id: 7 }])[0]).toEqual({ id: 7, score: 1, source: "both" });
    expect(fuseRankings([], [])).toEqual([]);
  });
});

describe("search parameters", () => {
  it("reads good parameters and reports bad ones", () => {
    const ok = readSearchParams(new URLSearchParams("q=sea&colour=Blue,teal&minPrice=10&maxPrice=99.5&currency=eur&orientation=square&size=small&cursor=24"));
    expect(ok.issues).toEqual([]);
    expect(ok.value).toEqual({
      q: "sea",
      filters: { colours: ["blue", "teal"], minPriceMinor: 1000, maxPriceMinor: 9950, currency: "EUR", orientation: "square", size: "small" },
      offset: 24,
    });
    const bad = readSearchParams(new URLSearchParams(`q=${"x".repeat(301)}&colour=mauve&maxPrice=1e3&cursor=-2`));
    expect(bad.issues.map((i) => i.param).sort()).toEqual(["colour", "cursor", "maxPrice", "q"]);
    expect(bad.value.q).toHaveLength(300);
    expect(bad.value.filters).toEqual({});
  });

  it("writes links the reader reads back", () => {
    const filters = { colours: ["blue" as const], maxPriceMinor: 8050, orientation: "portrait" as const };
    const href = searchHref("calm sea", filters, 24);
    expect(href).toBe("/search?q=calm+sea&colour=blue&maxPrice=80.50&orientation=portrait&cursor=24");
    expect(readSearchParams(new URL(href, "https://x.test").searchParams).value).toEqual({ q: "calm sea", filters, offset: 24 });
    expect(searchHref("", {})).toBe("/search");
  });
});
