/**
 * The catalogue's own vocabulary for typo correction: the words of its tags (with how many
 * available works carry them), of its artists' names, the colour names, and the kept lexicon's
 * words. Bounded (the commonest MAX_TAGS tags, MAX_ARTISTS artists) and read once per catalogue
 * version per isolate, so a search never scans the catalogue: it compares a misspelt word with
 * a few thousand words in memory.
 */
import { catalogueVersion } from "../catalogue-version.server";
import { COLOUR_NAMES, COLOUR_SYNONYMS } from "./colours";
import { RELATED, TRANSLATIONS } from "./lexicon";

const MAX_TAGS = 3000;
const MAX_ARTISTS = 3000;

export type Vocabulary = ReadonlyMap<string, number>;

let cached: { version: number; words: Map<string, number> } | null = null;

/** Tests: drop the cached vocabulary. */
export function forgetVocabulary(): void {
  cached = null;
}

function wordsIn(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(/\p{L}+/gu) ?? [];
}

/** Words the site knows without looking at the catalogue: colours, the lexicon, filter words. */
function builtInWords(): string[] {
  const out: string[] = [...COLOUR_NAMES, ...Object.keys(COLOUR_SYNONYMS), ...Object.values(TRANSLATIONS), ...Object.keys(RELATED)];
  for (const related of Object.values(RELATED)) for (const w of related) out.push(...wordsIn(w));
  out.push(
    "portrait", "landscape", "square", "small", "medium", "large", "huge", "oversized", "cheap", "affordable",
    "under", "over", "between", "around", "tall", "wide", "vertical", "horizontal", "painting", "print",
  );
  return out;
}

export async function loadVocabulary(db: D1Database): Promise<Vocabulary> {
  const version = await catalogueVersion(db);
  if (cached && cached.version === version) return cached.words;
  const words = new Map<string, number>();
  const add = (word: string, count: number) => words.set(word, Math.max(words.get(word) ?? 0, count));
  for (const w of builtInWords()) add(w, 0);
  const [tags, artists] = await db.batch<{ tag?: string; name?: string; n: number }>([
    db.prepare(
      `SELECT t.tag AS tag, COUNT(*) AS n FROM artwork_tags t JOIN artworks a ON a.id = t.artwork_id
       WHERE a.available = 1 GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT ${MAX_TAGS}`,
    ),
    db.prepare(`SELECT name, 1 AS n FROM artists ORDER BY id LIMIT ${MAX_ARTISTS}`),
  ]);
  for (const row of tags?.results ?? []) for (const w of wordsIn(row.tag ?? "")) add(w, row.n);
  for (const row of artists?.results ?? []) for (const w of wordsIn(row.name ?? "")) add(w, row.n);
  cached = { version, words };
  return words;
}
