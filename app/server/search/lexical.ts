/**
 * The lexical layer's pure parts (docs/decisions/0009-lexical-search.md):
 *  - which words of a query to correct, and how: a foreign colour or art word the catalogue
 *    does not know becomes its English word ("bleu" -> blue); a word neither the catalogue's
 *    vocabulary nor its text knows becomes the nearest vocabulary word ("tulps" -> tulips);
 *  - the corrected text, which is then parsed as if the visitor had typed it (so "bleu" becomes
 *    the Blue filter);
 *  - the keyword groups of the remaining text: each word with its related words (lexicon.ts),
 *    ORed inside a group; groups are ANDed, or ORed when no work has them all (partial match).
 */
import { keywordsOf } from "./keyword";
import { relatedWords, singular, translationOf } from "./lexicon";
import { nearestWord } from "./spelling";
import type { Vocabulary } from "./vocabulary.server";

export interface Correction {
  from: string;
  to: string;
  kind: "spelling" | "translation";
}

/** Whether the vocabulary knows the word as it is or in its singular. */
export function isKnown(word: string, vocabulary: Vocabulary): boolean {
  return vocabulary.has(word) || vocabulary.has(singular(word)) || /\p{N}/u.test(word);
}

/**
 * The words of a query's remaining text that need a decision: translated at once, or left for
 * the caller to look up in the catalogue's text before correcting (`unknown`).
 */
export function planCorrections(remainder: string, vocabulary: Vocabulary): { translations: Correction[]; unknown: string[] } {
  const translations: Correction[] = [];
  const unknown: string[] = [];
  for (const word of keywordsOf(remainder)) {
    if (isKnown(word, vocabulary)) continue;
    const english = translationOf(word);
    if (english) translations.push({ from: word, to: english, kind: "translation" });
    else if (/^\p{L}+$/u.test(word)) unknown.push(word);
  }
  return { translations, unknown };
}

/** Spelling corrections for the unknown words the catalogue's text does not hold either. */
export function spellingCorrections(unknown: readonly string[], foundInText: ReadonlySet<string>, vocabulary: Vocabulary): Correction[] {
  const out: Correction[] = [];
  for (const word of unknown) {
    if (foundInText.has(word)) continue;
    const nearest = nearestWord(word, vocabulary);
    if (nearest) out.push({ from: word, to: nearest, kind: "spelling" });
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The text with each corrected word replaced wherever it stands as a whole word (any case). */
export function applyCorrections(text: string, corrections: readonly Correction[]): string {
  let out = text.normalize("NFKC");
  for (const c of corrections) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(c.from)}(?![\\p{L}\\p{N}])`, "giu"), c.to);
  }
  return out;
}

/** One group per keyword of the text: the word and its related words, the word first. */
export function keywordGroups(text: string): string[][] {
  return keywordsOf(text).map((word) => relatedWords(word));
}

/** A group as an FTS5 expression: quoted terms (a multi-word term is a phrase), ORed. */
export function groupExpression(group: readonly string[]): string {
  const terms = group.map((t) => `"${(t.match(/[\p{L}\p{N}]+/gu) ?? []).join(" ")}"`).filter((t) => t !== '""');
  return terms.length === 1 ? terms[0]! : `(${terms.join(" OR ")})`;
}

/** Groups ANDed (every word, or one of its related words) or ORed (any of them). */
export function groupsExpression(groups: readonly (readonly string[])[], join: "AND" | "OR"): string | null {
  const parts = groups.map(groupExpression).filter((p) => p.length > 0);
  return parts.length > 0 ? parts.join(` ${join} `) : null;
}
