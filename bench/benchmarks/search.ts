/**
 * search: the site's text search on bench/search/queries.tsv (realistic art-buyer queries judged
 * against the demo shop's ground truth), before and after the lexical layer, for the built-in
 * colour model and the CLIP ViT-B/32-shaped model with random weights.
 */
import { join } from "node:path";
import { projectRoot } from "../../scripts/lib/local-env.ts";
import { ensureClipShapedModel } from "../models/clip-vit-b32-random.ts";
import { figures, readQueries, type Figures, type JudgedQuery, type QueryOutcome, type TruthWork } from "../search/judge.ts";
import { startSearchSite } from "../search/site.ts";
import type { BenchContext, Row } from "../lib/types.ts";

export const name = "search";
export const title = "text search on a judged query set: zero-result rate, P@10, nDCG@10, before and after the lexical layer";
export const order = 70;
export const description =
  "bench/search/queries.tsv: realistic art-buyer queries (colours, styles, subjects, moods, media, artists, synonyms, typos, " +
  "French/Spanish/German/Italian words, filters), each with a relevance rule over the demo shop's ground truth " +
  "(/__demo/ground-truth.json: style, subject, mood, medium, artist, main colour, orientation) and marked 'in' or 'out' of the " +
  "catalogue's vocabulary. A local stack on a fresh state (bench/search/site.ts) crawls the demo shops and runs the offline " +
  "pipeline with the built-in model; a second stack on the same state runs the pipeline with the CLIP-shaped model (then the active one), then GET /api/search?q= for every query, after (the lexical layer) and before (`lexical=off`, the " +
  "path as it was, kept callable on a site bound with SEARCH_COMPARE=1). Results are matched to the ground truth by title. " +
  "Zero-result rate: queries answering total 0. P@10: the relevant share of the first min(10, shown) results, averaged over the " +
  "queries that have relevant works and returned some. nDCG@10: binary gains, ideal = min(10, relevant works crawled), averaged " +
  "over queries with relevant works (no results = 0). The random-weight CLIP-shaped model shows the plumbing, not quality.";

const STORED = new Set(["indexed", "indexed-with-browser", "indexed-once", "slow"]);

interface Truth {
  works: (TruthWork & { expected: string })[];
  partner: { products: { title: string; duplicateOf: { id: number } }[] };
}

interface Run {
  before: Figures;
  after: Figures;
  /** After the lexical layer: how the vector side took part. */
  vectors: { queries: number; models: string[]; withVector: number; withVectorResult: number };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** What the vector side did for one query: which model answered, whether the text had a vector, whether a vector hit was shown. */
interface VectorUse {
  model: string | null;
  hadVector: boolean;
  vectorResult: boolean;
}

async function searchOnce(app: string, q: string, lexical: boolean): Promise<{ total: number; titles: string[]; use: VectorUse }> {
  const url = `${app}/api/search?q=${encodeURIComponent(q)}${lexical ? "" : "&lexical=off"}`;
  for (let attempt = 0; ; attempt++) {
    // No Accept-Language: a price without a currency compares each work in its own, as the judgements assume.
    const res = await fetch(url);
    if (res.ok) {
      const body = (await res.json()) as { total: number; results: { title: string; source: string }[]; model?: string | null; vectorSource?: string };
      const use = { model: body.model ?? null, hadVector: body.vectorSource !== undefined, vectorResult: body.results.some((r) => r.source === "vector" || r.source === "both") };
      return { total: body.total, titles: body.results.slice(0, 10).map((r) => r.title), use };
    }
    if (attempt >= 2) throw new Error(`GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
}

async function measure(ctx: BenchContext, label: string, modelDir: string, queries: JudgedQuery[], crawl: boolean): Promise<Run> {
  ctx.step(`${label}: starting a stack${crawl ? ", crawling" : " on the crawled state"} and running the pipeline …`);
  // One state folder: the second model reuses the first one's crawl.
  const site = await startSearchSite(join(ctx.tmpDir, "site"), modelDir, ctx.step, { crawl });
  try {
    const truth = (await (await fetch(`${site.shop}/__demo/ground-truth.json`)).json()) as Truth;
    const stored = truth.works.filter((w) => STORED.has(w.expected));
    const byTitle = new Map(stored.map((w) => [w.title, w]));
    const uses: VectorUse[] = [];
    const run = async (lexical: boolean): Promise<QueryOutcome[]> => {
      const out: QueryOutcome[] = [];
      for (const query of queries) {
        const { total, titles, use } = await searchOnce(site.app, query.q, lexical);
        if (lexical) uses.push(use);
        const top = titles.map((t) => {
          const work = byTitle.get(t);
          return work ? query.isRelevant(work) : false;
        });
        out.push({ query, total, top, relevantInCatalogue: stored.filter((w) => query.isRelevant(w)).length });
      }
      return out;
    };
    ctx.step(`${label}: ${queries.length} queries before (lexical=off) and after`);
    const before = figures(await run(false));
    const after = figures(await run(true));
    ctx.step(`${label}: zero-result (in-vocabulary) ${pct(before.zeroResultRateInVocabulary)} -> ${pct(after.zeroResultRateInVocabulary)}; P@10 ${before.precisionAt10.toFixed(3)} -> ${after.precisionAt10.toFixed(3)}; nDCG@10 ${before.ndcgAt10.toFixed(3)} -> ${after.ndcgAt10.toFixed(3)}`);
    if (after.zeroResultQueries.length) ctx.step(`${label}: still zero: ${after.zeroResultQueries.join(" | ")}`);
    const vectors = {
      queries: uses.length,
      models: [...new Set(uses.map((u) => u.model ?? "none"))],
      withVector: uses.filter((u) => u.hadVector).length,
      withVectorResult: uses.filter((u) => u.vectorResult).length,
    };
    ctx.step(`${label}: answered by ${vectors.models.join(", ")}; ${vectors.withVector} queries had a query vector, ${vectors.withVectorResult} showed a vector hit above the floor`);
    return { before, after, vectors };
  } finally {
    await site.stop();
  }
}

function rows(id: string, label: string, r: Run): Row[] {
  const zeroNote = r.after.zeroResultQueries.length ? `still zero: ${r.after.zeroResultQueries.map((q) => `“${q}”`).join(", ")}` : undefined;
  return [
    {
      id: `${id}-zero`,
      label: `${label}: zero-result rate, in-vocabulary queries`,
      measured: `${pct(r.after.zeroResultRateInVocabulary)} of ${r.after.inVocabulary}`,
      baseline: `before: ${pct(r.before.zeroResultRateInVocabulary)}`,
      ratio: r.after.zeroResultRateInVocabulary,
      ratioText: pct(r.after.zeroResultRateInVocabulary),
      target: { op: "<=", value: 0.05, text: "<= 5%" },
      ...(zeroNote ? { note: zeroNote } : {}),
    },
    {
      id: `${id}-zero-all`,
      label: `${label}: zero-result rate, all ${r.after.queries} queries`,
      measured: pct(r.after.zeroResultRate),
      baseline: `before: ${pct(r.before.zeroResultRate)}`,
      ratio: r.after.zeroResultRate,
      ratioText: pct(r.after.zeroResultRate),
      detail: true,
    },
    {
      id: `${id}-p10`,
      label: `${label}: precision@10`,
      measured: r.after.precisionAt10.toFixed(3),
      baseline: `before: ${r.before.precisionAt10.toFixed(3)}`,
      ratio: r.after.precisionAt10,
      ratioText: r.after.precisionAt10.toFixed(3),
      target: { op: ">=", value: 0.8, text: ">= 0.8" },
    },
    {
      id: `${id}-vectors`,
      label: `${label}: queries whose results include a vector hit above the floor (model: ${r.vectors.models.join(", ")})`,
      measured: `${r.vectors.withVectorResult} of ${r.vectors.queries}`,
      baseline: `${r.vectors.withVector} had a query vector`,
      ratio: r.vectors.queries ? r.vectors.withVectorResult / r.vectors.queries : 0,
      ratioText: pct(r.vectors.queries ? r.vectors.withVectorResult / r.vectors.queries : 0),
      detail: true,
    },
    {
      id: `${id}-ndcg`,
      label: `${label}: nDCG@10`,
      measured: r.after.ndcgAt10.toFixed(3),
      baseline: `before: ${r.before.ndcgAt10.toFixed(3)}`,
      ratio: r.after.ndcgAt10,
      ratioText: r.after.ndcgAt10.toFixed(3),
    },
  ];
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const queries = readQueries();
  const out: Row[] = [];
  const builtin = await measure(ctx, "built-in model", join(projectRoot, "models", "builtin-colour-v1"), queries, true);
  out.push(...rows("builtin", "built-in colour model", builtin));
  if (ctx.quick) return out;
  const clip = await measure(ctx, "CLIP-shaped model", await ensureClipShapedModel(ctx.step), queries, false);
  out.push(...rows("clip", "CLIP ViT-B/32 shapes (random weights)", clip));
  return out;
}
