/**
 * robots.txt path matching (RFC 9309 section 2.2.2/2.2.3): patterns match from the start of
 * the path, "*" matches any run of characters, a final "$" anchors the end, and the longest
 * matching pattern wins, Allow winning ties.
 */
import { normalisePercentEncoding } from "./percent.ts";
import type { RobotsRule } from "./robots-txt.ts";

/** Normalised pattern; "*" and "$" stay special, "%2A"/"%24" stay literal. */
function normalisePattern(pattern: string): string {
  return normalisePercentEncoding(pattern);
}

/** Normalised path+query of a URL; its literal "*" and "$" become %2A/%24 to match escaped patterns. */
export function normaliseTarget(pathAndQuery: string): string {
  return normalisePercentEncoding(pathAndQuery, "*$");
}

/**
 * Glob match of the whole `path` against `pattern` ("*" = any run). Iterative with one
 * backtrack point, so hostile patterns like "*a*a*a*a*b" cost O(n*m), never exponential time.
 */
function globMatches(pattern: string, path: string): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < path.length) {
    if (p < pattern.length && pattern[p] === "*") {
      starP = p++;
      starS = s;
    } else if (p < pattern.length && pattern[p] === path[s]) {
      p++;
      s++;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/** Whether a rule's pattern matches a normalised path. */
export function patternMatches(rawPattern: string, target: string): boolean {
  const pattern = normalisePattern(rawPattern);
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  // Unanchored patterns are prefixes: an implicit "*" at the end.
  return globMatches(anchored ? body : `${body}*`, target);
}

/** Allow/disallow decision for a normalised path: longest match wins, Allow on ties. */
export function decide(rules: readonly RobotsRule[], target: string): boolean {
  let best: { length: number; allow: boolean } | null = null;
  for (const rule of rules) {
    if (!patternMatches(rule.pattern, target)) continue;
    const length = normalisePattern(rule.pattern).length;
    if (!best || length > best.length || (length === best.length && rule.allow && !best.allow)) {
      best = { length, allow: rule.allow };
    }
  }
  return best?.allow ?? true;
}
