/**
 * Issue 12's last dead ends: a price without a currency read in the visitor's currency (the
 * browser's language, or a choice on the page) and said so; the closest vibe offered when
 * nothing passes; "Search instead for" the text as typed after a correction.
 * The test catalogue is 48 works, all priced in USD, 30 to 140 dollars in each colour family.
 */
import { SELF, env } from "cloudflare:test";
import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { beforeAll, describe, expect, it } from "vitest";
import { loader } from "../../app/routes/search";
import { forgetSuggestions } from "../../app/server/search/search.server";
import { forgetVocabulary } from "../../app/server/search/vocabulary.server";
import { currencyFromAcceptLanguage, settlePriceCurrency } from "../../app/server/search/visitor-currency";
import { MODEL, WORKS, encodeVector, request, seedCatalogue } from "./fixtures";

interface Answer {
  total: number;
  query: { filters: { currency?: string } };
  priceCurrency?: { currency: string | null; source: string };
  corrections: { from: string; to: string }[];
  alternatives?: { label: string; q: string; href: string; total: number }[];
}

async function search(path: string, acceptLanguage?: string): Promise<{ body: Answer; res: Response }> {
  const res = await SELF.fetch(request(path, acceptLanguage ? { headers: { "Accept-Language": acceptLanguage } } : {}));
  expect(res.status).toBe(200);
  return { body: (await res.json()) as Answer, res };
}

async function page(path: string, acceptLanguage?: string) {
  const context = { cloudflare: { env, ctx: { waitUntil: () => undefined } } };
  const headers = acceptLanguage ? { "Accept-Language": acceptLanguage } : undefined;
  const res = (await loader({ request: new Request(`https://art-snob.test${path}`, { headers }), context, params: {} } as unknown as LoaderFunctionArgs)) as Response;
  return { res, data: (await res.json()) as Record<string, unknown> };
}

const UNDER_100 = WORKS.filter((w) => w.priceMinor <= 10_000).length;

describe("the visitor's currency, pure", () => {
  it("reads the currency of the browser's first language that settles one", () => {
    expect(currencyFromAcceptLanguage("en-US,en;q=0.9")).toBe("USD");
    expect(currencyFromAcceptLanguage("en-GB")).toBe("GBP");
    expect(currencyFromAcceptLanguage("de-DE,de;q=0.9,en;q=0.8")).toBe("EUR");
    expect(currencyFromAcceptLanguage("fr")).toBe("EUR");
    expect(currencyFromAcceptLanguage("en;q=0.5, es-ES;q=0.9")).toBe("EUR");
    // A region of another currency settles on none rather than on a later language.
    expect(currencyFromAcceptLanguage("ja-JP,en-US;q=0.5")).toBeNull();
    expect(currencyFromAcceptLanguage("en")).toBeNull();
    expect(currencyFromAcceptLanguage("*")).toBeNull();
    expect(currencyFromAcceptLanguage("")).toBeNull();
    expect(currencyFromAcceptLanguage(null)).toBeNull();
    expect(currencyFromAcceptLanguage("de;q=0, en-GB;q=0.4")).toBe("GBP");
  });

  it("settles a price bound's currency: the text's, the chosen one, the visitor's, else each work's own", () => {
    const bound = { maxPriceMinor: 10_000 };
    expect(settlePriceCurrency({ ...bound, currency: "USD" }, "USD", "EUR").note).toEqual({ currency: "USD", source: "text" });
    expect(settlePriceCurrency({ ...bound, currency: "GBP" }, "USD", "EUR").note).toEqual({ currency: "GBP", source: "chosen" });
    expect(settlePriceCurrency({ ...bound, anyCurrency: true }, undefined, "EUR").note).toEqual({ currency: null, source: "chosen" });
    expect(settlePriceCurrency(bound, undefined, "EUR")).toEqual({ filters: { ...bound, currency: "EUR" }, note: { currency: "EUR", source: "locale" } });
    expect(settlePriceCurrency(bound, undefined, null).note).toEqual({ currency: null, source: "each" });
    expect(settlePriceCurrency({ cheap: true }, undefined, "EUR")).toEqual({ filters: { cheap: true }, note: null });
  });
});

describe("a price without a currency, through the API and the page", () => {
  beforeAll(async () => {
    await seedCatalogue();
    forgetVocabulary();
    forgetSuggestions();
  });

  it("means the browser language's currency, and the answer is kept private", async () => {
    const us = await search("/api/search?q=under%20100", "en-US,en;q=0.9");
    expect(us.body.priceCurrency).toEqual({ currency: "USD", source: "locale" });
    expect(us.body.total).toBe(UNDER_100);
    expect(us.res.headers.get("Cache-Control")).toContain("private");
    expect(us.res.headers.get("Vary")).toContain("Accept-Language");

    // A German visitor: euros, and no work here is priced in euros.
    const de = await search("/api/search?q=abstract%20under%20100", "de-DE,de;q=0.9");
    expect(de.body.priceCurrency).toEqual({ currency: "EUR", source: "locale" });
    expect(de.body.total).toBe(0);
    expect(de.body.alternatives?.some((a) => a.label === "Without Under 100" && a.total === WORKS.length)).toBe(true);
  });

  it("compares each work in its own currency when the language names none, or when the visitor chose so", async () => {
    const unknown = await search("/api/search?q=under%20100", "ja-JP");
    expect(unknown.body.priceCurrency).toEqual({ currency: null, source: "each" });
    expect(unknown.body.total).toBe(UNDER_100);
    expect(unknown.res.headers.get("Cache-Control")).toContain("private");

    const any = await search("/api/search?q=under%20100&currency=any", "de-DE");
    expect(any.body.priceCurrency).toEqual({ currency: null, source: "chosen" });
    expect(any.body.total).toBe(UNDER_100);
    expect(any.res.headers.get("Cache-Control")).toContain("public");
  });

  it("keeps a currency written in the text, whatever the browser's language", async () => {
    const { body, res } = await search("/api/search?q=under%20%24100", "de-DE");
    expect(body.priceCurrency).toEqual({ currency: "USD", source: "text" });
    expect(body.total).toBe(UNDER_100);
    expect(res.headers.get("Cache-Control")).toContain("public");
  });

  it("says on the page which currency was used and links to the others", async () => {
    const { res, data } = await page("/search?q=under%20100", "fr-FR");
    expect(res.headers.get("Cache-Control")).toContain("private");
    const note = data.priceCurrency as { text: string; choices: { label: string; href: string }[] };
    expect(note.text).toContain("euros (EUR)");
    expect(note.text).toContain("browser's language");
    expect(note.choices.map((c) => c.label)).toEqual(["USD", "GBP", "each work's own currency"]);
    expect(note.choices[0]!.href).toBe("/search?q=under+100&currency=USD");
    expect(note.choices[2]!.href).toBe("/search?q=under+100&currency=any");

    const chosen = await page("/search?q=under+100&currency=any", "fr-FR");
    expect((chosen.data.priceCurrency as { text: string }).text).toContain("each work's own currency, as you chose");
    expect(chosen.data.total).toBe(UNDER_100);
  });
});

describe("zero results and corrections lead somewhere", () => {
  beforeAll(async () => {
    await seedCatalogue();
    forgetVocabulary();
    // A cached phrase whose vector leans a little towards the blue family: under the floor
    // (cosine about 0.12), so nothing passes, but blue works are the nearest.
    const leaning = Array.from({ length: MODEL.dimensions }, (_, d) => (d === 1 ? 0.12 : d === MODEL.dimensions - 1 ? 0.99 : 0));
    await env.DB.prepare("INSERT OR REPLACE INTO query_vectors (model_id, text, vector, hits) VALUES (?, 'faint nebula', ?, 0)").bind(MODEL.id, encodeVector(leaning)).run();
  });

  it("offers the closest vibe, with its size, when nothing passes the floor", async () => {
    const { body } = await search("/api/search?q=faint%20nebula");
    expect(body.total).toBe(0);
    expect(body.alternatives).toContainEqual({ label: "The closest vibe: Blue vibe", q: "", href: "/vibes/blue-vibe", total: 12 });
    const { data } = await page("/search?q=faint%20nebula");
    expect(data.alternatives).toContainEqual({ label: "The closest vibe: Blue vibe", href: "/vibes/blue-vibe", total: 12 });
  });

  it("links to the text as typed after a correction, and searches it without correcting", async () => {
    const { data } = await page("/search?q=bleu");
    expect(data.verbatim).toEqual({ text: "bleu", href: "/search?q=bleu&verbatim=1" });
    const typed = await page("/search?q=bleu&verbatim=1");
    expect(typed.data.corrections).toEqual([]);
    expect(typed.data.verbatim).toBeNull();
    const api = await search("/api/search?q=bleu&verbatim=1");
    expect(api.body.corrections).toEqual([]);
    const bad = await SELF.fetch(request("/api/search?q=bleu&verbatim=2"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_request", message: expect.stringContaining("verbatim") });
  });
});
