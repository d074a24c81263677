/**
 * The search before the lexical layer, kept callable for the before/after figures of
 * `npm run bench -- search`: a site bound with SEARCH_COMPARE = "1" (the benchmark's own stack;
 * never production) answers GET /api/search?...&lexical=off the old way. Everywhere else the
 * parameter means nothing.
 */
export function lexicalSwitch(env: object, params: URLSearchParams): boolean {
  const compare = (env as { SEARCH_COMPARE?: unknown }).SEARCH_COMPARE === "1";
  return !(compare && params.get("lexical") === "off");
}
