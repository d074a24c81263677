/**
 * Malformed requests for the Remix pages: hostile queries (search syntax,
 * cursors, steps, Remix's own _data and index parameters), odd encodings and
 * path tricks in page paths, wrong methods, broken and oversized forms posted
 * to every form action, wrong content types and forged cookies.
 */
import { METHODS, NUMBER_TEXTS, ORIGINS, PATH_SEGMENTS, SWEEP_VALUES, encodeQueryValue, hostileText, oddBytes, queryText } from "./corpus";
import type { FuzzContext } from "./api-requests";
import { Rng } from "./random";
import { type FuzzBody, type FuzzCategory, type FuzzRequest, bodyAllowed } from "./requests";

export interface PageRoute {
  template: string;
  /** Query parameters the page reads. */
  query: string[];
  /** Form fields its action reads (none: the page has no action). */
  form?: Record<string, readonly string[]>;
  /** Remix route id, for _data requests. */
  routeId: string;
}

export const PAGE_ROUTES: PageRoute[] = [
  { template: "/", query: ["feed", "cursor", "shuffle", "seed"], routeId: "routes/_index" },
  {
    template: "/search",
    query: ["q", "colour", "minPrice", "maxPrice", "currency", "orientation", "size", "cursor"],
    form: { image: [] },
    routeId: "routes/search",
  },
  { template: "/artworks/{slug}", query: [], routeId: "routes/artworks.$slug" },
  { template: "/tags/{tag}", query: ["page"], routeId: "routes/tags.$tag" },
  { template: "/artists/{slug}", query: ["page"], routeId: "routes/artists.$slug" },
  { template: "/vibes/{slug}", query: ["page"], routeId: "routes/vibes.$slug" },
  { template: "/walls", query: [], form: { intent: ["create", "add", "rename", ""], name: [], artworkId: [], newWallName: [], wallId: [], redirectTo: ["/", "//evil.test", "/\\evil.test", "https://evil.test", "/likes"], js: ["1", "0"] }, routeId: "routes/walls._index" },
  { template: "/walls/{id}", query: [], form: { intent: ["rename", "delete", "remove", "move", "create"], name: [], artworkId: [], direction: ["up", "down", "left", ""] }, routeId: "routes/walls.$id" },
  { template: "/w/{token}", query: [], routeId: "routes/w.$token" },
  { template: "/taste", query: ["step"], form: { step: [], answer: ["like", "dislike", "skip", "love", ""], artworkId: [] }, routeId: "routes/taste" },
  { template: "/map", query: ["x", "y", "zoom"], routeId: "routes/map" },
  { template: "/likes", query: [], routeId: "routes/likes" },
  { template: "/operator", query: [], form: { intent: ["sign-out", "sign-in", ""], token: [] }, routeId: "routes/operator" },
  { template: "/sitemap.xml", query: ["page"], routeId: "routes/sitemap[.]xml" },
  { template: "/reactions", query: [], form: { artworkId: [], value: ["1", "-1", "0", "2", "like"], redirectTo: ["/", "//evil.test", "/likes", "javascript:alert(1)"], js: ["1", "0"] }, routeId: "routes/reactions" },
];

const CATEGORIES: (readonly [number, FuzzCategory])[] = [
  [20, "hostile-query"],
  [12, "encoding"],
  [12, "path-trick"],
  [10, "wrong-method"],
  [18, "bad-form"],
  [8, "content-type"],
  [10, "bogus-cookie"],
  [4, "huge-body"],
  [6, "bad-json"],
];

const PARAM_FOR: Record<string, string> = { slug: "slug", tag: "tag", id: "id", token: "token" };

function fillTemplate(rng: Rng, route: PageRoute, ctx: FuzzContext, hostile: number): string {
  return route.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const pool = route.template.startsWith("/artists") ? ctx.values.artistSlug : route.template.startsWith("/vibes") ? ctx.values.vibeSlug : ctx.values[PARAM_FOR[name] ?? name];
    if (pool && pool.length > 0 && !rng.chance(hostile)) return encodeQueryValue(rng.pick(pool));
    return rng.chance(0.7) ? rng.pick(PATH_SEGMENTS) : encodeQueryValue(hostileText(rng)) || "x";
  });
}

function fieldValue(rng: Rng, name: string, choices: readonly string[], ctx: FuzzContext): string {
  if (choices.length > 0 && rng.chance(0.6)) return rng.pick(choices);
  if (/artworkId|wallId|step/.test(name) && rng.chance(0.6)) {
    const pool = name === "wallId" ? ctx.values.id : name === "step" ? ["1", "2", "8", "9"] : ctx.values.artworkId;
    return pool && pool.length > 0 && rng.chance(0.6) ? rng.pick(pool) : rng.pick(NUMBER_TEXTS);
  }
  if (/name/i.test(name) && rng.chance(0.5)) return rng.chance(0.5) ? `Wall ${rng.string(6)}` : "x".repeat(rng.between(79, 200));
  return hostileText(rng);
}

function urlencodedForm(rng: Rng, route: PageRoute, ctx: FuzzContext): string {
  const parts: string[] = [];
  for (const [name, choices] of Object.entries(route.form ?? {})) {
    if (rng.chance(0.2)) continue;
    const value = fieldValue(rng, name, choices, ctx);
    parts.push(`${name}=${rng.chance(0.1) ? rng.pick(PATH_SEGMENTS) : encodeQueryValue(value)}`);
    if (rng.chance(0.05)) parts.push(`${name}=${encodeQueryValue(hostileText(rng))}`);
  }
  if (rng.chance(0.1)) parts.push(rng.pick(["%", "=", "&&", "a=%zz", "%00=%00", "__proto__[x]=1", "_data=root"]));
  return parts.join("&");
}

function multipartForm(rng: Rng, route: PageRoute, ctx: FuzzContext, boundary: string): FuzzBody {
  const lines: string[] = [];
  for (const [name, choices] of Object.entries(route.form ?? {})) {
    if (rng.chance(0.2)) continue;
    if (name === "image") {
      lines.push(`--${boundary}`, `Content-Disposition: form-data; name="image"; filename="${rng.pick(["a.png", "../../etc/passwd", "<script>.png", "\u202egnp.exe", ""])}"`, `Content-Type: ${rng.pick(["image/png", "text/plain", "image/svg+xml"])}`, "", rng.pick(["\u0089PNG\r\n\u001a\n", "<svg onload=alert(1)>", "", "GIF89a"]));
    } else {
      lines.push(`--${boundary}`, `Content-Disposition: form-data; name="${name}"`, "", fieldValue(rng, name, choices, ctx));
    }
  }
  switch (rng.int(6)) {
    case 0:
      break; // never closed
    case 1:
      lines.push(`--${boundary}--`, "trailing garbage");
      break;
    case 2:
      lines.push(`--other--`);
      break;
    default:
      lines.push(`--${boundary}--`, "");
  }
  return lines.join(rng.chance(0.8) ? "\r\n" : "\n");
}

function pathTrick(rng: Rng, path: string): string {
  switch (rng.int(10)) {
    case 0:
      return `/${path.replace(/\//g, "//")}`;
    case 1:
      return `${path}/..`;
    case 2:
      return `/%2e%2e${path}`;
    case 3:
      return `${path}/`;
    case 4:
      // (From "/" this must not become "//aaa…": wrangler's local router hands paths starting with
      // "//" to its asset server, never to the app, and that answers a file name over 255 bytes with 502.)
      return `${path.replace(/\/$/, "")}/${"a".repeat(rng.between(1000, 30_000))}`;
    case 5:
      return path.toUpperCase();
    case 6:
      return `${path}%2F..%2F..%2Foperator`;
    case 7:
      return `${path}.data`;
    case 8:
      return `/build/../${path.replace(/^\//, "")}`;
    default:
      return `${path};${rng.pick(PATH_SEGMENTS)}`;
  }
}

function hostileQuery(rng: Rng, route: PageRoute): string {
  const names = [...route.query, "q", "cursor", "_data", "index", "__proto__", "q[]", "", "page"];
  const parts: string[] = [];
  // Mostly one or two bad parameters: with many, the first refusal hides what the others would reach.
  const n = rng.weighted([
    [5, 1],
    [3, 2],
    [2, rng.between(3, 5)],
  ]);
  for (let i = 0; i < n; i++) {
    const name = rng.pick(names);
    if (name === "_data") {
      parts.push(`_data=${encodeQueryValue(rng.pick([route.routeId, "root", "routes/nope", "", "routes/operator", "../../etc", hostileText(rng)]))}`);
    } else if (name === "index") {
      parts.push(rng.chance(0.5) ? "index" : `index=${encodeQueryValue(rng.pick(NUMBER_TEXTS))}`);
    } else if (["cursor", "page", "step", "seed"].includes(name) && rng.chance(0.6)) {
      parts.push(`${name}=${rng.chance(0.5) ? encodeQueryValue(rng.pick(NUMBER_TEXTS)) : encodeQueryValue(rng.pick(["eyJzZWVkIjoxfQ", "eyJ4Ijp7fX0", "!!!", "e30", "bnVsbA", "W10", "eyJzZWVkIjotMSwib2Zmc2V0IjoxZTl9"]))}`);
    } else {
      parts.push(`${name}=${queryText(rng, hostileText(rng))}`);
    }
  }
  if (rng.chance(0.1)) parts.push(`q=${"a".repeat(rng.between(300, 20_000))}`);
  return parts.join("&");
}

/** One malformed request for a page. `origin` is the site's own (page forms need it to get past the origin check). */
export function pageRequest(rng: Rng, ctx: FuzzContext): FuzzRequest {
  const route = rng.pick(PAGE_ROUTES);
  const category = rng.weighted(CATEGORIES);
  let method = "GET";
  let path = fillTemplate(rng, route, ctx, 0.2);
  let query = route.query.length > 0 && rng.chance(0.3) ? route.query.filter(() => rng.chance(0.4)).map((q) => `${q}=${encodeQueryValue(hostileText(rng))}`).join("&") : "";
  const headers: Record<string, string> = {};
  let body: FuzzBody | undefined;
  let type: string | undefined;

  if (rng.chance(0.95)) headers["CF-Connecting-IP"] = `10.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`;
  const origin = rng.chance(0.75) ? ctx.origin : rng.pick(ORIGINS);
  if (origin) headers.Origin = origin;
  if (rng.chance(0.35) && ctx.cookies.length > 0) headers.Cookie = rng.pick(ctx.cookies);
  if (rng.chance(0.2)) headers.Accept = rng.pick(["application/json", "text/html", "*/*", "image/webp", ""]);

  switch (category) {
    case "hostile-query":
      query = hostileQuery(rng, route);
      break;
    case "encoding":
      if (rng.chance(0.5) && route.template.includes("{")) {
        path = route.template.replace(/\{[^}]+\}/g, () => rng.pick(PATH_SEGMENTS.filter((s) => s.includes("%"))));
      } else if (rng.chance(0.5) && route.form) {
        method = "POST";
        body = oddBytes(rng);
        type = rng.pick(["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"]);
      } else {
        query = `${rng.pick([...route.query, "q"])}=${rng.pick(PATH_SEGMENTS.filter((s) => s.includes("%")))}`;
      }
      break;
    case "path-trick":
      path = pathTrick(rng, path);
      break;
    case "wrong-method":
      method = rng.pick(METHODS.filter((m) => m !== "GET"));
      if (bodyAllowed(method) && rng.chance(0.6)) {
        body = route.form ? urlencodedForm(rng, route, ctx) : "a=1";
        type = "application/x-www-form-urlencoded";
      }
      break;
    case "bad-form":
      method = "POST";
      if (rng.chance(0.6)) {
        body = urlencodedForm(rng, route, ctx);
        type = rng.chance(0.9) ? "application/x-www-form-urlencoded" : "application/x-www-form-urlencoded; charset=utf-16";
      } else {
        const boundary = rng.pick(["----fuzz", "x", "", "a".repeat(100), "\"quoted\""]);
        body = multipartForm(rng, route, ctx, boundary.replace(/"/g, ""));
        type = rng.pick([`multipart/form-data; boundary=${boundary}`, "multipart/form-data", `multipart/form-data; boundary=${boundary}; charset=utf-8`, `multipart/mixed; boundary=${boundary}`]);
      }
      if (rng.chance(0.15)) query = rng.pick(["index", `_data=${encodeQueryValue(route.routeId)}`, "_data=root", "_data=routes%2Fnope"]);
      break;
    case "content-type":
      method = "POST";
      body = rng.pick(['{"artworkId":1,"value":1}', "artworkId=1&value=1", "<xml/>", ""]);
      type = rng.pick(["application/json", "text/plain", "application/xml", "", "multipart/form-data", "application/x-www-form-urlencoded;;", "image/png"]);
      break;
    case "bogus-cookie": {
      const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      headers.Cookie = rng.pick([
        `as_session=${rng.string(22, b64)}.${rng.string(43, b64)}`,
        "as_session=%",
        "as_session=%E0%A4%A",
        `as_operator=${rng.string(43, b64)}`,
        "as_operator=%",
        `as_session=${"A".repeat(rng.between(100, 6000))}`,
        ";;; = ;",
        `as_session=a.b.c; as_operator=x.y`,
      ]);
      if (route.form && rng.chance(0.5)) {
        method = "POST";
        body = urlencodedForm(rng, route, ctx);
        type = "application/x-www-form-urlencoded";
      }
      break;
    }
    case "huge-body":
      method = "POST";
      body = rng.chance(0.5)
        ? { repeat: "a", bytes: rng.between(70 * 1024, 2_000_000), prefix: "name=" }
        : { repeat: "x", bytes: rng.between(70 * 1024, 9 * 1024 * 1024), prefix: "--x\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n", suffix: "\r\n--x--\r\n" };
      type = typeof body === "object" && "prefix" in body && body.prefix?.startsWith("--x") ? "multipart/form-data; boundary=x" : "application/x-www-form-urlencoded";
      break;
    case "bad-json":
      method = "POST";
      body = rng.pick(["{", '{"artworkId":1,"value":1}', "null", "[]"]);
      type = "application/json";
      break;
  }

  if (!bodyAllowed(method)) body = undefined;
  if (body !== undefined && type) headers["Content-Type"] = type;
  const full = query ? `${path}${path.includes("?") ? "&" : "?"}${query}` : path;
  return { category, route: route.template, method, path: full.startsWith("/") ? full : `/${full}`, headers, body };
}

/**
 * Every SWEEP_VALUES value alone in every path parameter, query parameter and
 * form field of every page (everything else valid: this site's Origin, a real
 * session, real ids), so each value reaches each loader and action on its own.
 */
export function sweepPageRequests(ctx: FuzzContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const rng = new Rng(2);
  const add = (route: PageRoute, method: string, path: string, body?: string) => {
    const i = out.length;
    const headers: Record<string, string> = { "CF-Connecting-IP": `10.251.${(i >> 8) & 255}.${i & 255}`, Origin: ctx.origin };
    if (ctx.cookies.length > 0 && i % 2 === 0) headers.Cookie = ctx.cookies[i % ctx.cookies.length]!;
    if (body !== undefined) headers["Content-Type"] = "application/x-www-form-urlencoded";
    out.push({ category: "sweep", route: route.template, method, path, headers, body });
  };
  for (const route of PAGE_ROUTES) {
    const fill = (param: string | null, encoded: string) =>
      route.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        if (name === param) return encoded || "%20";
        const pool = route.template.startsWith("/artists") ? ctx.values.artistSlug : route.template.startsWith("/vibes") ? ctx.values.vibeSlug : ctx.values[PARAM_FOR[name] ?? name];
        return encodeQueryValue(pool?.[0] ?? "x");
      });
    const params = [...route.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const validForm = (): Record<string, string> => {
      const form: Record<string, string> = {};
      for (const [name, choices] of Object.entries(route.form ?? {})) {
        if (name === "image") continue;
        form[name] = choices.length > 0 ? choices[0]! : name === "wallId" ? (ctx.values.id?.[0] ?? "1") : /artworkId/.test(name) ? (ctx.values.artworkId?.[0] ?? "1") : name === "step" ? "1" : `Wall ${rng.string(4)}`;
      }
      return form;
    };
    for (const value of SWEEP_VALUES) {
      const encoded = encodeQueryValue(value);
      for (const param of params) add(route, "GET", fill(param, encoded));
      for (const name of route.query) add(route, "GET", `${fill(null, "")}?${name}=${encoded}`);
      if (route.form) {
        for (const field of Object.keys(route.form).filter((f) => f !== "image")) {
          const form = { ...validForm(), [field]: value };
          add(route, "POST", fill(null, ""), Object.entries(form).map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join("&"));
        }
      }
    }
  }
  return out;
}

export function generatePageRequests(rng: Rng, ctx: FuzzContext, count: number): FuzzRequest[] {
  return Array.from({ length: count }, () => pageRequest(rng, ctx));
}
