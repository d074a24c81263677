/**
 * The lexical layer (issue 12): its pure parts, and GET /api/search and the /search loader on
 * the test catalogue (tags: the colour family and "abstract"; artists Ada Brush, Ben Canvas,
 * Cy Ochre): corrections, ignored words, partial matches, alternatives, checked suggestions.
 */
import { SELF, env } from "cloudflare:test";
import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { beforeAll, describe, expect, it } from "vitest";
import { loader } from "../../app/routes/search";
import { applyCorrections, groupsExpression, keywordGroups, planCorrections, spellingCorrections } from "../../app/server/search/lexical";
import { relatedWords, singular } from "../../app/server/search/lexicon";
import { editDistance, nearestWord } from "../../app/server/search/spelling";
import { forgetSuggestions } from "../../app/server/search/search.server";
import { forgetVocabulary } from "../../app/server/search/vocabulary.server";
import { MODEL, WORKS, encodeVector, request, seedCatalogue } from "./fixtures";

interface Answer {
  query: { text: string; filters: { colours?: string[] } };
  results: { id: number; dominantColour: string }[];
  total: number;
  corrections: { from: string; to: string; kind: string }[];
  searchedFor: string | null;
  ignoredWords: string[];
  partial: boolean;
  alternatives?: { label: string; q: string; href: string; total: number }[];
  suggestions?: string[];
}

async function search(q: string): Promise<Answer> {
  const res = await SELF.fetch(request(`/api/search?q=${encodeURIComponent(q)}`));
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

const vocabulary = new Map<string, number>([["blue", 12], ["tulips", 30], ["abstract", 48], ["rosa", 3], ["lighthouse", 9]]);

describe("lexical layer, pure", () => {
  it("measures edits with transpositions and corrects only close, long enough words", () => {
    expect(editDistance("bleu", "blue")).toBe(1);
    expect(editDistance("tulps", "tulips")).toBe(1);
    expect(editDistance("kitten", "sitting", 1)).toBe(2);
    expect(nearestWord("tulps", vocabulary)).toBe("tulips");
    expect(nearestWord("lighthose", vocabulary)).toBe("lighthouse");
    expect(nearestWord("sea", vocabulary)).toBeNull();
    expect(nearestWord("zebra", vocabulary)).toBeNull();
  });

  it("translates foreign words the catalogue does not know, and leaves known ones alone", () => {
    expect(planCorrections("bleu tulps rosa", vocabulary)).toEqual({ translations: [{ from: "bleu", to: "blue", kind: "translation" }], unknown: ["tulps"] });
    expect(spellingCorrections(["tulps", "zebra"], new Set(), vocabulary)).toEqual([{ from: "tulps", to: "tulips", kind: "spelling" }]);
    expect(spellingCorrections(["tulps"], new Set(["tulps"]), vocabulary)).toEqual([]);
    expect(applyCorrections("Bleu TULPS, bleu", [{ from: "bleu", to: "blue", kind: "translation" }, { from: "tulps", to: "tulips", kind: "spelling" }])).toBe("blue tulips, blue");
  });

  it("expands words to related ones, into a safe FTS5 expression", () => {
    expect(singular("lilies")).toBe("lily");
    expect(relatedWords("flowers")).toEqual(expect.arrayContaining(["flowers", "botanical", "tulips", "poppies", "lilies"]));
    expect(relatedWords("mountains")).toEqual(expect.arrayContaining(["hills", "summit", "peak"]));
    expect(relatedWords("ocean")).toEqual(expect.arrayContaining(["sea", "seascape"]));
    expect(relatedWords("zebra")).toEqual(["zebra"]);
    expect(groupsExpression(keywordGroups("abstract zebra"), "AND")).toBe('("abstract" OR "abstraction" OR "colour field" OR "stripes" OR "geometric") AND "zebra"');
    expect(groupsExpression(keywordGroups('a "b OR c*'), "OR")).toBe('"b" OR "c"');
  });
});

describe("lexical layer, through the API", () => {
  beforeAll(async () => {
    await seedCatalogue();
    forgetVocabulary();
    forgetSuggestions();
    // A popular cached phrase whose vector is near no work: it must never be suggested.
    const far = Array.from({ length: MODEL.dimensions }, (_, d) => (d === MODEL.dimensions - 1 ? 1 : 0));
    await env.DB.prepare("INSERT OR REPLACE INTO query_vectors (model_id, text, vector, hits) VALUES (?, 'zebra crossing', ?, 50)").bind(MODEL.id, encodeVector(far)).run();
  });

  it("reads a foreign colour word as the colour and says so", async () => {
    const body = await search("bleu");
    expect(body.corrections).toEqual([{ from: "bleu", to: "blue", kind: "translation" }]);
    expect(body.searchedFor).toBe("blue");
    expect(body.query.filters.colours).toEqual(["blue"]);
    expect(body.total).toBeGreaterThan(0);
    expect(body.results.every((r) => r.dominantColour === "blue")).toBe(true);
  });

  it("corrects a misspelt word against the catalogue's vocabulary", async () => {
    const body = await search("abstrct");
    expect(body.corrections).toEqual([{ from: "abstrct", to: "abstract", kind: "spelling" }]);
    expect(body.searchedFor).toBe("abstract");
    expect(body.total).toBeGreaterThan(0);
  });

  it("ignores a word no work holds, says which, and answers the rest", async () => {
    const body = await search("red unicorn");
    expect(body.ignoredWords).toEqual(["unicorn"]);
    expect(body.total).toBeGreaterThan(0);
    expect(body.results.every((r) => r.dominantColour === "red")).toBe(true);
  });

  it("ranks works by how much of the text they match when none matches it all", async () => {
    const body = await search("brush ochre");
    expect(body.partial).toBe(true);
    const byArtist = WORKS.filter((w) => w.artist === "Ada Brush" || w.artist === "Cy Ochre").length;
    expect(body.total).toBe(byArtist);
  });

  it("offers nearby searches with their counts when nothing is found", async () => {
    const body = await search("abstract under $1");
    expect(body.total).toBe(0);
    expect(body.alternatives?.[0]).toMatchObject({ label: "Without Under $1", q: "abstract", total: WORKS.length });
  });

  it("suggests only phrases that find works", async () => {
    const body = await search("");
    expect(body.suggestions?.length).toBeGreaterThan(0);
    expect(body.suggestions).not.toContain("zebra crossing");
    for (const s of body.suggestions ?? []) expect((await search(s)).total, s).toBeGreaterThan(0);
  });

  it("shows the correction and the ignored words on the page", async () => {
    const context = { cloudflare: { env, ctx: { waitUntil: () => undefined } } };
    const res = (await loader({ request: new Request(`https://art-snob.test/search?q=${encodeURIComponent("bleu unicorn")}`), context, params: {} } as unknown as LoaderFunctionArgs)) as Response;
    const data = (await res.json()) as { searchedFor: string; ignored: string[]; chips: { label: string }[] };
    expect(data.searchedFor).toBe("blue unicorn");
    expect(data.ignored).toEqual(["unicorn"]);
    expect(data.chips.map((c) => c.label)).toEqual(["Blue"]);
  });

  it("shows one chip for a filter named many times", async () => {
    const context = { cloudflare: { env, ctx: { waitUntil: () => undefined } } };
    const q = "blue small abstract blue small blue";
    const res = (await loader({ request: new Request(`https://art-snob.test/search?q=${encodeURIComponent(q)}`), context, params: {} } as unknown as LoaderFunctionArgs)) as Response;
    const data = (await res.json()) as { chips: { label: string; href: string }[] };
    expect(data.chips.map((c) => c.label)).toEqual(["Blue", "Small"]);
    expect(data.chips[0]!.href).toBe("/search?q=small+abstract+small");
  });
});

describe("cheap means the cheapest quarter of each currency", () => {
  it("keeps the cheapest quarter of the works, by their own currency", async () => {
    // The test catalogue is all USD, priced 30, 40 ... 140 within each family of 12 (48 works).
    const body = await search("cheap");
    expect(body.total).toBe(12);
    expect((body.query.filters as { priceCeilings?: Record<string, number> }).priceCeilings).toEqual({ USD: 5000 });
    // With a currency chosen, only that currency's cheapest quarter: no work here is in euros.
    const res = await SELF.fetch(request("/api/search?q=cheap&currency=EUR"));
    expect(((await res.json()) as Answer).total).toBe(0);
  });
});
