/**
 * The search benchmark's query set and its judging (pure): bench/search/queries.tsv read into
 * queries with a relevance predicate over the demo shop's ground truth, and the figures of one
 * run (zero-result rate, precision@10, nDCG@10).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface TruthWork {
  title: string;
  artist: string;
  style: string;
  subject: string;
  mood: string;
  medium: string;
  orientation: string;
  colours: { primary: { name: string } };
}

export interface JudgedQuery {
  q: string;
  relevance: string;
  /** 'in': the words (or their synonyms, translations, a slip) are in the catalogue. */
  vocabulary: "in" | "out";
  isRelevant(work: TruthWork): boolean;
}

const FIELDS = ["colour", "style", "subject", "mood", "medium", "artist", "orientation"] as const;
type Field = (typeof FIELDS)[number];

function valueOf(work: TruthWork, field: Field): string {
  if (field === "colour") return work.colours.primary.name;
  return String(work[field]).toLowerCase();
}

function alternative(text: string): (w: TruthWork) => boolean {
  const at = text.indexOf(":");
  const field = text.slice(0, at).trim() as Field;
  if (!FIELDS.includes(field)) throw new Error(`queries.tsv: unknown field '${field}' in '${text}'`);
  const values = text.slice(at + 1).split(",").map((v) => v.trim().toLowerCase());
  // Medium is free text ("Watercolour on paper"): a substring; the others are exact.
  return field === "medium" ? (w) => values.some((v) => valueOf(w, field).includes(v)) : (w) => values.includes(valueOf(w, field).toLowerCase());
}

/** "colour:red & style:a,b|subject:c" -> a predicate; "none" -> nothing is relevant. */
export function relevancePredicate(relevance: string): (w: TruthWork) => boolean {
  if (relevance.trim() === "none") return () => false;
  const clauses = relevance.split(" & ").map((clause) => clause.split("|").map(alternative));
  return (w) => clauses.every((alts) => alts.some((a) => a(w)));
}

export function readQueries(path = join(import.meta.dirname, "queries.tsv")): JudgedQuery[] {
  const lines = readFileSync(path, "utf8").split("\n").filter((l) => l.trim() && !l.startsWith("#"));
  return lines.slice(1).map((line) => {
    const [q, relevance, vocabulary] = line.split("\t");
    if (!q || !relevance || (vocabulary !== "in" && vocabulary !== "out")) throw new Error(`queries.tsv: bad line '${line}'`);
    return { q, relevance, vocabulary, isRelevant: relevancePredicate(relevance) };
  });
}

export interface QueryOutcome {
  query: JudgedQuery;
  total: number;
  /** Relevance of the first ten results, in order. */
  top: boolean[];
  /** Relevant works in the crawled catalogue. */
  relevantInCatalogue: number;
}

export interface Figures {
  queries: number;
  inVocabulary: number;
  zeroResultRate: number;
  zeroResultRateInVocabulary: number;
  /** Mean over judged queries that returned works: relevant share of the first min(10, shown). */
  precisionAt10: number;
  /** Mean over judged queries with relevant works in the catalogue (no results = 0). */
  ndcgAt10: number;
  zeroResultQueries: string[];
}

function dcg(gains: boolean[]): number {
  return gains.reduce((sum, g, i) => sum + (g ? 1 / Math.log2(i + 2) : 0), 0);
}

export function figures(outcomes: QueryOutcome[]): Figures {
  const inVocab = outcomes.filter((o) => o.query.vocabulary === "in");
  const zero = (list: QueryOutcome[]) => list.filter((o) => o.total === 0);
  const judged = outcomes.filter((o) => o.relevantInCatalogue > 0);
  const shown = judged.filter((o) => o.top.length > 0);
  const precision = shown.map((o) => o.top.filter(Boolean).length / o.top.length);
  const ndcg = judged.map((o) => dcg(o.top) / dcg(Array.from({ length: Math.min(10, o.relevantInCatalogue) }, () => true)));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    queries: outcomes.length,
    inVocabulary: inVocab.length,
    zeroResultRate: zero(outcomes).length / Math.max(1, outcomes.length),
    zeroResultRateInVocabulary: zero(inVocab).length / Math.max(1, inVocab.length),
    precisionAt10: mean(precision),
    ndcgAt10: mean(ndcg),
    zeroResultQueries: zero(inVocab).map((o) => o.query.q),
  };
}
