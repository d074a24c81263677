/**
 * /search: the one box (prefilled), the filters it recognised as removable chips, colour
 * swatches, search by uploaded image, and the results with a real "Load more" link.
 * The same service as GET /api/search and POST /api/search/image.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ArtworkGrid } from "../components/ArtworkGrid";
import { cacheHeaders } from "../server/cache";
import { SWATCHES } from "../server/search/colours";
import { recordSearch, searchAsText } from "../server/search/history.server";
import { MAX_IMAGE_BYTES, MAX_QUERY_TEXT_LENGTH, PAGE_SIZE } from "../server/search/limits";
import { searchHref } from "../server/search/links";
import { type ParamIssue, readSearchParams } from "../server/search/params";
import { type SearchFilters, withoutPhrase } from "../server/search/query-parser";
import { type SearchAlternative, searchAlternatives } from "../server/search/alternatives.server";
import { CACHE_DEGRADED, type SearchResult, runSearch, searchByImage, searchSuggestions } from "../server/search/search.server";
import { currentSessionId } from "../server/session.server";
import { RateLimitError, countsAsSearch, enforceRateLimit, pageRateLimit, retryAfterHeaders } from "../server/rate-limit.server";
import { formatPrice } from "../utils/format";
import { currencyFromAcceptLanguage, type PriceCurrency } from "../server/search/visitor-currency";
import { SEARCH_CURRENCIES } from "../server/search/query-parser";
import type { HeadersFunction } from "@remix-run/cloudflare";
import { LoadMoreLink } from "../components/LoadMoreLink";

/**
 * Root's error page, as this route's own boundary: then a thrown 429 (rate
 * limit, issue 6) reaches `headers` below as errorHeaders and its Retry-After
 * reaches the visitor (a root boundary would drop it).
 */
export { ErrorBoundary } from "../root";

/** The loader decides caching; after an image upload the action's private headers win. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders, errorHeaders }) =>
  errorHeaders ?? (actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders);

interface Chip {
  label: string;
  kind: string;
  href: string;
}

interface Data {
  q: string;
  text: string;
  mode: "empty" | "filters" | "semantic";
  chips: Chip[];
  paramFilters: SearchFilters;
  activeColours: string[];
  results: SearchResult[];
  total: number;
  offset: number;
  nextHref: string | null;
  prevHref: string | null;
  degraded: boolean;
  reason: string | null;
  notices: string[];
  suggestions: string[];
  /** "Showing results for …": the corrected text, when a word was corrected. */
  searchedFor: string | null;
  corrections: { from: string; to: string }[];
  ignored: string[];
  partial: boolean;
  alternatives: Pick<SearchAlternative, "label" | "href" | "total">[];
  /** "Search instead for …": the text as typed, searched without corrections. */
  verbatim: { text: string; href: string } | null;
  priceCurrency: PriceCurrencyNote | null;
}

/** How a price without a currency was read, with links to read it otherwise. */
interface PriceCurrencyNote {
  text: string;
  choices: { label: string; href: string }[];
}

interface ImageData {
  image: { fileName: string; results: SearchResult[]; degraded: boolean; message: string | null } | { error: string };
}

const DEGRADED_NOTICE = "Semantic search is resting; showing keyword and cached matches.";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const d = data as Data | undefined;
  const title = d?.q ? `“${d.q}” — Search — Art Snob` : "Search — Art Snob";
  return [{ title }, { name: "description", content: "Search art by what it shows, its colours, size and price." }, { name: "robots", content: "noindex" }];
};

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function priceChipLabel(f: SearchFilters): string {
  const money = (minor: number) => (f.currency ? formatPrice(minor, f.currency) : (minor / 100).toLocaleString("en"));
  if (f.minPriceMinor !== undefined && f.maxPriceMinor !== undefined) return `${money(f.minPriceMinor)}–${money(f.maxPriceMinor)}`;
  if (f.maxPriceMinor !== undefined) return `Under ${money(f.maxPriceMinor)}`;
  return `Over ${money(f.minPriceMinor!)}`;
}

/**
 * One chip per filter: the phrases found in the text, then the URL's own filters. A filter the
 * text names twice ("blue … blue") is one chip, whose link removes every mention.
 */
function chipsFor(text: string, recognised: { kind: string; label: string; start: number; end: number }[], params: SearchFilters): Chip[] {
  const chips: Chip[] = [];
  const byKey = new Map<string, { kind: string; label: string; start: number; end: number }[]>();
  for (const r of recognised) {
    const key = `${r.kind}:${r.label.toLowerCase()}`;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  for (const phrases of byKey.values()) {
    // Later phrases first, so the earlier ones' positions still hold.
    const without = [...phrases].sort((a, b) => b.start - a.start).reduce((t, r) => withoutPhrase(t, r), text);
    chips.push({ label: phrases[0]!.label, kind: phrases[0]!.kind, href: searchHref(without, params) });
  }
  const without = (change: (f: SearchFilters) => void) => {
    const copy: SearchFilters = { ...params };
    change(copy);
    return searchHref(text, copy);
  };
  for (const colour of params.colours ?? []) {
    chips.push({ label: capitalised(colour), kind: "colour", href: without((f) => (f.colours = f.colours?.filter((c) => c !== colour))) });
  }
  if (params.minPriceMinor !== undefined || params.maxPriceMinor !== undefined) {
    chips.push({ label: priceChipLabel(params), kind: "price", href: without((f) => (delete f.minPriceMinor, delete f.maxPriceMinor)) });
  }
  if (params.currency) chips.push({ label: `Priced in ${params.currency}`, kind: "price", href: without((f) => delete f.currency) });
  if (params.orientation) chips.push({ label: capitalised(params.orientation), kind: "orientation", href: without((f) => delete f.orientation) });
  if (params.size) chips.push({ label: capitalised(params.size), kind: "size", href: without((f) => delete f.size) });
  return chips;
}

const CURRENCY_NAMES: Record<string, string> = { USD: "US dollars", EUR: "euros", GBP: "pounds sterling" };

/** The line under the filters that says which currency "under 100" was read in, and the other choices. */
function priceCurrencyNote(note: PriceCurrency | undefined, text: string, params: SearchFilters): PriceCurrencyNote | null {
  if (!note || note.source === "text") return null;
  const choose = (currency: (typeof SEARCH_CURRENCIES)[number] | "any") => {
    const f: SearchFilters = { ...params };
    delete f.currency;
    delete f.anyCurrency;
    if (currency === "any") f.anyCurrency = true;
    else f.currency = currency;
    return searchHref(text, f);
  };
  const others = SEARCH_CURRENCIES.filter((c) => c !== note.currency).map((c) => ({ label: c, href: choose(c) }));
  const each = { label: "each work's own currency", href: choose("any") };
  if (note.currency === null) {
    return {
      text: note.source === "chosen" ? "Prices are compared in each work's own currency, as you chose." : `Prices are compared in each work's own currency (${SEARCH_CURRENCIES.join(", ")}); they are never converted.`,
      choices: others,
    };
  }
  const named = `${CURRENCY_NAMES[note.currency] ?? note.currency} (${note.currency})`;
  return {
    text: note.source === "locale" ? `Prices in ${named}, the currency of your browser's language; works priced in other currencies are left out.` : `Prices in ${named}, as you chose.`,
    choices: [...others, each],
  };
}

function noticeFor(issue: ParamIssue): string {
  if (issue.param === "q") return `Your search was longer than ${MAX_QUERY_TEXT_LENGTH} characters, so only the first ${MAX_QUERY_TEXT_LENGTH} were used.`;
  if (issue.param === "cursor") return "That page link was not valid, so here are the first results.";
  return `Ignored the ${issue.param} filter: ${issue.message}.`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const waitUntil = (p: Promise<unknown>) => context.cloudflare.ctx.waitUntil(p);
  const { value, issues } = readSearchParams(new URL(request.url).searchParams);
  // Rate limit (issue 6): searches per client; over it, a 429 page says how long to wait.
  if (countsAsSearch(value.q, value.filters)) await pageRateLimit(request, env, "search", waitUntil);
  const visitorCurrency = currencyFromAcceptLanguage(request.headers.get("Accept-Language"));
  const answer = await runSearch(env, { q: value.q, filters: value.filters, offset: value.offset, visitorCurrency }, { waitUntil });
  // "under 100" read in the browser language's currency: the page differs per visitor, so it is not shared.
  const perVisitor = answer.priceCurrency?.source === "locale" || answer.priceCurrency?.source === "each";
  const alternatives = answer.total === 0 && value.offset === 0 ? await searchAlternatives(env, answer, value.filters, { waitUntil }) : [];
  const sessionId = await currentSessionId(request, env);
  if (sessionId && value.offset === 0 && answer.mode !== "empty") {
    waitUntil(recordSearch(env.DB, sessionId, searchAsText(value.q, value.filters), answer.total).catch(() => undefined));
  }
  const suggestions = answer.mode === "empty" || answer.total === 0 ? await searchSuggestions(env) : [];
  const nextOffset = answer.nextCursor ? Number(answer.nextCursor) : null;
  const data: Data = {
    q: answer.parsed.text,
    text: answer.query.text,
    mode: answer.mode,
    chips: chipsFor(answer.parsed.text, answer.parsed.recognised, value.filters),
    paramFilters: value.filters,
    activeColours: answer.query.filters.colours ?? [],
    results: answer.results,
    total: answer.total,
    offset: value.offset,
    nextHref: nextOffset !== null ? searchHref(answer.parsed.text, value.filters, nextOffset) : null,
    prevHref: value.offset > 0 ? searchHref(answer.parsed.text, value.filters, Math.max(0, value.offset - PAGE_SIZE)) : null,
    degraded: answer.degraded,
    reason: answer.reason ?? null,
    notices: issues.map(noticeFor),
    suggestions,
    searchedFor: answer.lexical.corrections.length > 0 ? answer.parsed.text : null,
    corrections: answer.lexical.corrections.map(({ from, to }) => ({ from, to })),
    ignored: answer.lexical.ignored,
    partial: answer.lexical.partial,
    alternatives: alternatives.map(({ label, href, total }) => ({ label, href, total })),
    verbatim: answer.lexical.corrections.length > 0 ? { text: value.q, href: searchHref(value.q, { ...value.filters, verbatim: true }) } : null,
    priceCurrency: priceCurrencyNote(answer.priceCurrency, answer.parsed.text, value.filters),
  };
  const headers = perVisitor ? { ...cacheHeaders(true), Vary: "Cookie, Accept-Language" } : cacheHeaders(false, answer.degraded ? CACHE_DEGRADED : undefined);
  return Response.json(data, { headers });
}

/** Search by image: the form posts the file here; the answer is shown on the same page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const env = context.cloudflare.env;
  const headers = cacheHeaders(true);
  const answer = (image: ImageData["image"], status = 200) => Response.json({ image } satisfies ImageData, { status, headers });
  const tooLarge = () => answer({ error: `That image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB; please choose a smaller one.` }, 413);
  // The form's other fields and multipart framing take a little room beside the file.
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_IMAGE_BYTES + 64 * 1024) return tooLarge();
  if (!/^multipart\/form-data\b/i.test(request.headers.get("Content-Type") ?? "")) {
    return answer({ error: "Choose an image file with the “Search by image” field, then press “Find similar works”." }, 400);
  }
  // Rate limit (issue 6): image uploads per client, before the body is read.
  try {
    await enforceRateLimit(request, env, "upload", { waitUntil: (p) => context.cloudflare.ctx.waitUntil(p) });
  } catch (error) {
    if (!(error instanceof RateLimitError)) throw error;
    return Response.json({ image: { error: error.message } } satisfies ImageData, { status: 429, headers: { ...headers, ...retryAfterHeaders(error) } });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return answer({ error: "The upload could not be read; please try again." }, 400);
  }
  const file = form.get("image");
  if (!file || typeof file === "string" || file.size === 0) return answer({ error: "Choose an image file to search with." }, 400);
  if (file.size > MAX_IMAGE_BYTES) return tooLarge();
  const result = await searchByImage(env, new Uint8Array(await file.arrayBuffer()));
  const fileName = file.name.slice(0, 120);
  if (!result.ok) {
    const message =
      result.status === 415 || result.status === 422
        ? "That file could not be read as an image. Try a PNG, JPEG, WebP or GIF."
        : result.status === 413
          ? `That image is too large; please choose one under ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`
          : result.message;
    return answer({ error: message }, result.status);
  }
  if (result.degraded) {
    return answer({
      fileName,
      results: [],
      degraded: true,
      message: "Search by image needs the semantic search service, which is resting right now. Try again in a little while, or search by words or colour.",
    });
  }
  return answer({ fileName, results: result.results, degraded: false, message: result.results.length === 0 ? "No works look close enough to that image." : null });
}

function resultCount(total: number, mode: Data["mode"]): string {
  if (total === 0) return "No works match";
  const works = total === 1 ? "1 work" : `${total.toLocaleString("en")} works`;
  return mode === "filters" ? `${works} match these filters` : `${works} match`;
}

/** The results list with a real "Load more" link; with JavaScript the next page is appended. */
function Results({ data }: { data: Data }) {
  const fetcher = useFetcher<Data>();
  const [results, setResults] = useState(data.results);
  const [nextHref, setNextHref] = useState(data.nextHref);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    setResults(data.results);
    setNextHref(data.nextHref);
    setAnnouncement("");
  }, [data]);
  useEffect(() => {
    const next = fetcher.data;
    if (fetcher.state !== "idle" || !next || !Array.isArray(next.results)) return;
    setResults((shown) => {
      const seen = new Set(shown.map((w) => w.id));
      return [...shown, ...next.results.filter((w) => !seen.has(w.id))];
    });
    setNextHref(next.nextHref);
    setAnnouncement(`Loaded ${next.results.length} more works.`);
  }, [fetcher.state, fetcher.data]);
  const loading = fetcher.state !== "idle";
  const first = data.offset + 1;
  return (
    <section aria-labelledby="results-heading" className="search-results" data-total={data.total} data-mode={data.mode}>
      <h2 id="results-heading">Results</h2>
      <p className="search-count" role="status" aria-live="polite">
        {resultCount(data.total, data.mode)}
        {data.total > 0 && (data.offset > 0 || data.total > results.length) ? ` · showing ${first}–${data.offset + results.length}` : ""}
      </p>
      {results.length > 0 ? (
        <ArtworkGrid works={results} label="Search results" eager={data.offset === 0 ? 4 : 0} />
      ) : data.total === 0 ? (
        <p className="empty">
          {data.mode === "semantic"
            ? "Nothing is close enough to that. Try fewer or different words, a colour, or remove a filter."
            : "No available works pass these filters. Remove one to see more."}
        </p>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <nav className="load-more" aria-label="More results">
        {data.prevHref ? (
          <Link to={data.prevHref} rel="prev" className="button secondary">
            Previous results
          </Link>
        ) : null}
        {nextHref ? (
          <LoadMoreLink href={nextHref} loading={loading} load={(href) => fetcher.load(href)} />
        ) : null}
      </nav>
    </section>
  );
}

function ImageResults({ image }: { image: ImageData["image"] }) {
  if ("error" in image) {
    return (
      <p className="notice notice-problem" role="alert">
        {image.error}
      </p>
    );
  }
  return (
    <section aria-labelledby="image-results-heading" className="search-results" data-total={image.results.length} data-mode="image">
      <h2 id="image-results-heading">Works like your image</h2>
      {image.message ? (
        <p className={image.degraded ? "notice search-degraded" : "empty"} role="status">
          {image.message}
        </p>
      ) : (
        <p className="search-count" role="status">
          {image.results.length === 1 ? "1 work" : `${image.results.length} works`} look like {image.fileName ? `“${image.fileName}”` : "your image"}
        </p>
      )}
      {image.results.length > 0 ? <ArtworkGrid works={image.results} label="Works like your image" eager={4} /> : null}
    </section>
  );
}

export default function SearchPage() {
  const data = useLoaderData<Data>();
  const actionData = useActionData<ImageData>();
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";
  const [tooBig, setTooBig] = useState(false);
  // The URL's filters travel with a new text; "as typed" does not.
  const hidden = new URLSearchParams(searchHref("", { ...data.paramFilters, verbatim: false }).split("?")[1] ?? "");

  return (
    <div className="search-page">
      <h1>Search</h1>

      <Form method="get" action="/search" role="search" className="search-box" aria-label="Search artworks by text">
        <label htmlFor="search-q">What are you looking for?</label>
        <div className="search-box-row">
          <input
            id="search-q"
            type="search"
            name="q"
            defaultValue={data.q}
            key={data.q}
            maxLength={MAX_QUERY_TEXT_LENGTH}
            placeholder="a calm blue sea, landscape, under $80"
            autoComplete="off"
            aria-describedby="search-hint"
          />
          {[...hidden.entries()].map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button type="submit">Search</button>
        </div>
        <p id="search-hint" className="search-hint">
          Words like “under $80”, “portrait”, “large” or a colour become filters.
        </p>
      </Form>

      <LexicalNotes data={data} />

      {data.notices.map((notice) => (
        <p key={notice} className="notice" role="status">
          {notice}
        </p>
      ))}

      {data.degraded ? (
        <p className="notice search-degraded" role="status" data-reason={data.reason ?? undefined}>
          {DEGRADED_NOTICE}
        </p>
      ) : null}

      {data.chips.length > 0 ? (
        <div className="search-chips">
          <h2 className="visually-hidden" id="filters-heading">
            Filters
          </h2>
          <ul aria-labelledby="filters-heading" data-testid="search-filters">
            {data.chips.map((chip) => (
              <li key={`${chip.kind}-${chip.label}-${chip.href}`}>
                <Link to={chip.href} className="search-chip" data-kind={chip.kind} aria-label={`Remove filter: ${chip.label}`}>
                  <span>{chip.label}</span>
                  <span aria-hidden="true"> ×</span>
                </Link>
              </li>
            ))}
          </ul>
          {data.priceCurrency ? (
            <p className="search-hint search-currency" data-testid="search-currency">
              {data.priceCurrency.text} Instead:{" "}
              {data.priceCurrency.choices.map((choice, i) => (
                <span key={choice.href}>
                  {i > 0 ? " · " : null}
                  <Link to={choice.href}>{choice.label}</Link>
                </span>
              ))}
            </p>
          ) : null}
          {data.text ? (
            <p className="search-hint">
              Searching for “<span className="search-text">{data.text}</span>” with these filters.
            </p>
          ) : null}
        </div>
      ) : null}

      {data.mode === "empty" ? null : (
        <>
          <Results data={data} />
          {data.total === 0 && (data.alternatives.length > 0 || data.suggestions.length > 0) ? (
            <section aria-labelledby="try-heading" className="search-start">
              <h2 id="try-heading">Try instead</h2>
              {data.alternatives.length > 0 ? (
                <ul className="search-suggestions search-alternatives" data-testid="search-alternatives">
                  {data.alternatives.map((alt) => (
                    <li key={alt.href}>
                      <Link to={alt.href}>
                        {alt.label} <span className="search-alternative-count">({alt.total === 1 ? "1 work" : `${alt.total.toLocaleString("en")} works`})</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
              {data.alternatives.length < 3 && data.suggestions.length > 0 ? (
                <>
                  {data.alternatives.length > 0 ? <p className="search-hint">Or start from one of these:</p> : null}
                  <SuggestionList suggestions={data.suggestions} />
                </>
              ) : null}
            </section>
          ) : null}
        </>
      )}

      <section aria-labelledby="colours-heading" className="search-colours">
        <h2 id="colours-heading">Search by colour</h2>
        <ul className="search-swatches">
          {SWATCHES.map((swatch) => {
            const active = data.activeColours.includes(swatch.name);
            const fromParams = (data.paramFilters.colours ?? []).includes(swatch.name);
            const fromText = data.chips.find((c) => c.kind === "colour" && c.label.toLowerCase() === swatch.name);
            // The active swatch takes its colour off again (like its chip); another replaces the URL's colour.
            const href = !active
              ? searchHref(data.q, { ...data.paramFilters, colours: [swatch.name] })
              : fromParams
                ? searchHref(data.q, { ...data.paramFilters, colours: (data.paramFilters.colours ?? []).filter((c) => c !== swatch.name) })
                : (fromText?.href ?? searchHref(data.q, data.paramFilters));
            return (
              <li key={swatch.name}>
                <Link
                  to={href}
                  className="search-swatch"
                  aria-label={active ? `Showing ${swatch.name} works` : `Search ${swatch.name} works`}
                  aria-current={active ? "true" : undefined}
                  data-colour={swatch.name}
                >
                  <span className="search-swatch-dot" style={{ background: swatch.hex }} aria-hidden="true" />
                  <span className="search-swatch-name">{swatch.name}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="image-heading" className="search-image">
        <h2 id="image-heading">Search with a picture</h2>
        <Form method="post" encType="multipart/form-data" action="/search" className="search-image-form">
          <label htmlFor="search-image">Search by image</label>
          <input
            id="search-image"
            type="file"
            name="image"
            accept="image/*"
            required
            aria-describedby="search-image-hint"
            onChange={(event) => setTooBig((event.currentTarget.files?.[0]?.size ?? 0) > MAX_IMAGE_BYTES)}
          />
          <p id="search-image-hint" className="search-hint">
            A PNG, JPEG, WebP or GIF up to {MAX_IMAGE_BYTES / 1024 / 1024} MB. We find works that look like it; the image is not kept.
          </p>
          {tooBig ? (
            <p className="notice notice-problem" role="alert">
              That image is larger than {MAX_IMAGE_BYTES / 1024 / 1024} MB; please choose a smaller one.
            </p>
          ) : null}
          <button type="submit" disabled={uploading || tooBig}>
            {uploading ? "Searching…" : "Find similar works"}
          </button>
        </Form>
      </section>

      {actionData?.image ? <ImageResults image={actionData.image} /> : null}

      {data.mode === "empty" ? (
        <section aria-labelledby="start-heading" className="search-start">
          <h2 id="start-heading">Not sure where to start?</h2>
          <p>Describe what you picture (“a lighthouse in a storm”), name a colour, or add a budget (“under $100”). Or try one of these:</p>
          <SuggestionList suggestions={data.suggestions} />
        </section>
      ) : null}

    </div>
  );
}

/** What the lexical layer did: the corrected text, the words left out, a partial match. */
function LexicalNotes({ data }: { data: Data }) {
  if (!data.searchedFor && data.ignored.length === 0 && !data.partial) return null;
  const quoted = (words: string[]) => words.map((w) => `“${w}”`).join(", ");
  return (
    <div className="search-lexical" data-testid="search-lexical">
      {data.searchedFor ? (
        <p className="notice search-correction" role="status">
          Showing results for <strong className="search-corrected">{data.searchedFor}</strong>
          {data.corrections.length > 0 ? <> (you typed {quoted(data.corrections.map((c) => c.from))})</> : null}.
          {data.verbatim ? (
            <>
              {" "}
              <Link to={data.verbatim.href} className="search-verbatim">
                Search instead for “{data.verbatim.text}”
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      {data.ignored.length > 0 ? (
        <p className="notice search-ignored" role="status">
          No work mentions {quoted(data.ignored)}, so {data.ignored.length === 1 ? "that word was" : "those words were"} left out.
        </p>
      ) : null}
      {data.partial ? (
        <p className="notice search-partial" role="status">
          No work matches every word; these match most of them.
        </p>
      ) : null}
    </div>
  );
}

function SuggestionList({ suggestions }: { suggestions: string[] }) {
  const examples = suggestions.length > 0 ? suggestions : ["calm sea", "abstract", "portrait under $100"];
  return (
    <ul className="search-suggestions">
      {examples.map((s) => (
        <li key={s}>
          <Link to={searchHref(s, {})}>{s}</Link>
        </li>
      ))}
    </ul>
  );
}
