/**
 * Zero results is never a dead end: the nearest searches that do find works, with their counts.
 * Tried in order, each a real search (same service, same filters otherwise):
 *  - the text without one of its words (for texts of two words or more);
 *  - the text without one of its filters (a phrase of the text or a URL parameter);
 *  - the text's words one at a time, when nothing above found anything;
 *  - the closest vibe: the pipeline's cluster holding most of the works nearest the query
 *    vector, floor or not (a link to its page, with its size), whatever the others found.
 * At most MAX_TRIES searches, only for a first page that found nothing.
 */
import type { AppEnv } from "../../env";
import { activeModel } from "../models.server";
import { keywordsOf } from "./keyword";
import { searchHref } from "./links";
import { type SearchFilters, withoutPhrase } from "./query-parser";
import { runSearch, type SearchAnswer, type SearchContext } from "./search.server";

export interface SearchAlternative {
  /** "Without “woman”", "Without Under $50", "Just “lighthouse”". */
  label: string;
  q: string;
  filters: SearchFilters;
  href: string;
  total: number;
}

const MAX_TRIES = 8;
const MAX_SHOWN = 4;

function withoutWord(text: string, word: string): string {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "giu");
  return text.normalize("NFKC").replace(pattern, " ").replace(/\s+/g, " ").trim();
}

function paramFilterDrops(params: SearchFilters): { label: string; filters: SearchFilters }[] {
  const drops: { label: string; filters: SearchFilters }[] = [];
  const copy = (change: (f: SearchFilters) => void) => {
    const f: SearchFilters = { ...params };
    change(f);
    return f;
  };
  for (const colour of params.colours ?? []) drops.push({ label: `Without ${colour}`, filters: copy((f) => (f.colours = f.colours?.filter((c) => c !== colour))) });
  if (params.minPriceMinor !== undefined || params.maxPriceMinor !== undefined) {
    drops.push({ label: "Any price", filters: copy((f) => (delete f.minPriceMinor, delete f.maxPriceMinor, delete f.currency)) });
  }
  if (params.orientation) drops.push({ label: "Any orientation", filters: copy((f) => delete f.orientation) });
  if (params.size) drops.push({ label: "Any size", filters: copy((f) => delete f.size) });
  return drops;
}

/** Searches near one that found nothing, that do find works, most works first. */
/** The vibe (cluster of the active model) holding most of the given works; ties go to the nearer work's. */
export async function closestVibe(env: AppEnv, nearestIds: number[]): Promise<SearchAlternative | null> {
  const ids = nearestIds.slice(0, 20);
  if (ids.length === 0) return null;
  const model = await activeModel(env.DB, env.ACTIVE_MODEL);
  if (!model) return null;
  const { results } = await env.DB.prepare(
    `SELECT p.artwork_id AS artworkId, c.slug AS slug, c.name AS name, c.size AS size FROM map_points p
     JOIN clusters c ON c.id = p.cluster_id
     WHERE p.model_id = ? AND p.artwork_id IN (${ids.map(() => "?").join(",")})`,
  )
    .bind(model.id, ...ids)
    .all<{ artworkId: number; slug: string; name: string; size: number }>();
  const votes = new Map<string, { name: string; size: number; count: number; best: number }>();
  for (const row of results) {
    const rank = ids.indexOf(row.artworkId);
    const vote = votes.get(row.slug) ?? { name: row.name, size: row.size, count: 0, best: rank };
    vote.count += 1;
    vote.best = Math.min(vote.best, rank);
    votes.set(row.slug, vote);
  }
  const [slug, vibe] = [...votes.entries()].sort(([, a], [, b]) => b.count - a.count || a.best - b.best)[0] ?? [];
  if (!slug || !vibe || vibe.size <= 0) return null;
  return { label: `The closest vibe: ${vibe.name}`, q: "", filters: {}, href: `/vibes/${encodeURIComponent(slug)}`, total: vibe.size };
}

export async function searchAlternatives(env: AppEnv, answer: SearchAnswer, params: SearchFilters, context: SearchContext = {}): Promise<SearchAlternative[]> {
  if (answer.total > 0 || answer.mode === "empty") return [];
  const text = answer.parsed.text;
  const words = keywordsOf(answer.query.text);
  const tries: { label: string; q: string; filters: SearchFilters }[] = [];
  if (words.length >= 2) for (const w of words) tries.push({ label: `Without “${w}”`, q: withoutWord(text, w), filters: params });
  for (const phrase of answer.parsed.recognised) tries.push({ label: `Without ${phrase.label}`, q: withoutPhrase(text, phrase), filters: params });
  for (const drop of paramFilterDrops(params)) tries.push({ label: drop.label, q: text, filters: drop.filters });
  const found: SearchAlternative[] = [];
  const seen = new Set<string>();
  const run = async (t: { label: string; q: string; filters: SearchFilters }) => {
    const href = searchHref(t.q, t.filters);
    if (seen.has(href) || (!t.q && !Object.keys(t.filters).length)) return;
    seen.add(href);
    const alt = await runSearch(env, { q: t.q, filters: t.filters, limit: 1 }, context);
    if (alt.total > 0) found.push({ ...t, href, total: alt.total });
  };
  for (const t of tries.slice(0, MAX_TRIES)) await run(t);
  if (found.length === 0 && words.length >= 1) {
    // Nothing near: the words alone, without any filter.
    for (const w of words.slice(0, MAX_TRIES)) await run({ label: `Just “${w}”`, q: w, filters: {} });
  }
  const shown = found.sort((a, b) => b.total - a.total).slice(0, MAX_SHOWN);
  const vibe = await closestVibe(env, answer.nearestIds ?? []);
  return vibe ? [...shown, vibe] : shown;
}
