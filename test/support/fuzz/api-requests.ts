/**
 * Malformed requests for the JSON API, the image route and the buy redirect.
 * The API's routes come from its own OpenAPI document (/api/openapi.json), so
 * a new route is fuzzed without touching this file.
 */
import {
  BAD_JSON_BODIES,
  IMAGE_CONTENT_TYPES,
  JSON_CONTENT_TYPES,
  METHODS,
  NUMBER_TEXTS,
  ORIGINS,
  PATH_SEGMENTS,
  SWEEP_VALUES,
  hostileText,
  WRONG_TYPE_BODIES,
  encodeQueryValue,
  oddBytes,
  queryText,
} from "./corpus";
import { Rng } from "./random";
import { type FuzzBody, type FuzzCategory, type FuzzRequest, bodyAllowed } from "./requests";

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
};

export interface FuzzRoute {
  method: string;
  /** OpenAPI style: /api/walls/{id}/items */
  template: string;
  pathParams: string[];
  queryParams: { name: string; schema: JsonSchema }[];
  body: { kind: "json"; schema: JsonSchema } | { kind: "image" } | null;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
}

/** Every operation in the API's OpenAPI document, plus the routes outside it (images, redirects, unknown paths). */
export function routesFromOpenApi(doc: OpenApiDoc): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content["application/json"];
      routes.push({
        method: method.toUpperCase(),
        template,
        pathParams: params.filter((p) => p.in === "path").map((p) => p.name),
        queryParams: params.filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema })),
        body: json ? { kind: "json", schema: json.schema } : Object.keys(content).some((t) => t.startsWith("image/")) ? { kind: "image" } : null,
      });
    }
  }
  routes.push(
    { method: "GET", template: "/images/{hash}", pathParams: ["hash"], queryParams: [{ name: "w", schema: { enum: ["320", "640"] } }], body: null },
    { method: "GET", template: "/go/{offerId}", pathParams: ["offerId"], queryParams: [], body: null },
    { method: "GET", template: "/api/openapi.json", pathParams: [], queryParams: [], body: null },
    { method: "GET", template: "/api/{unknown}", pathParams: ["unknown"], queryParams: [], body: null },
    { method: "GET", template: "/api", pathParams: [], queryParams: [], body: null },
  );
  return routes;
}

/** Real ids, slugs and cookies from the catalogue under test, so mutations reach deep into the handlers. */
export interface FuzzContext {
  /** Full `as_session=...` pairs of real sessions. */
  cookies: string[];
  /** Valid values by path-parameter name (slug, tag, artworkId, id, token, hash, offerId...). */
  values: Record<string, string[]>;
  /** This site's origin (what a same-origin write sends). */
  origin: string;
}

const CATEGORIES: (readonly [number, FuzzCategory])[] = [
  [12, "bad-json"],
  [12, "wrong-types"],
  [4, "huge-body"],
  [12, "encoding"],
  [12, "path-trick"],
  [10, "wrong-method"],
  [10, "content-type"],
  [10, "bogus-cookie"],
  [18, "hostile-query"],
];

function fillTemplate(rng: Rng, route: FuzzRoute, ctx: FuzzContext, hostileChance: number): string {
  return route.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const valid = ctx.values[name];
    if (valid && valid.length > 0 && !rng.chance(hostileChance)) return encodeQueryValue(rng.pick(valid));
    return rng.chance(0.7) ? rng.pick(PATH_SEGMENTS) : encodeQueryValue(hostileText(rng)) || "x";
  });
}

/** A plausible value for a schema (valid, or nearly). */
export function sampleJson(rng: Rng, schema: JsonSchema | undefined, ctx: FuzzContext, depth = 0): unknown {
  if (!schema || depth > 4) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return rng.pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return sampleJson(rng, rng.pick(alternatives), ctx, depth + 1);
  const type = Array.isArray(schema.type) ? rng.pick(schema.type) : schema.type;
  switch (type) {
    case "integer":
    case "number": {
      const ids = ctx.values.artworkId ?? ["1"];
      return rng.chance(0.8) ? Number(rng.pick(ids)) : rng.pick([0, -1, 1.5, 2 ** 53, 1e6]);
    }
    case "string":
      return rng.chance(0.7) ? `Wall ${rng.string(rng.between(1, 12))}` : hostileText(rng);
    case "boolean":
      return rng.chance(0.5);
    case "array":
      return Array.from({ length: rng.between(0, 6) }, () => sampleJson(rng, schema.items, ctx, depth + 1));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(schema.properties ?? {})) out[name] = sampleJson(rng, prop, ctx, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

function queryValue(rng: Rng, schema: JsonSchema): string {
  if (schema.enum && rng.chance(0.5)) return encodeQueryValue(String(rng.pick(schema.enum)));
  if (rng.chance(0.4)) return encodeQueryValue(rng.pick(NUMBER_TEXTS));
  return queryText(rng, hostileText(rng));
}

function hostileQuery(rng: Rng, route: FuzzRoute): string {
  const extras = ["q", "cursor", "page", "__proto__", "constructor", "q[]", "q[0]", "", "%00", "a%zz", "_data", "feed", "seed"];
  const declared = route.queryParams.map((p) => p.name);
  const parts: string[] = [];
  // Mostly one or two bad parameters: with many, the first refusal hides what the others would reach.
  const n = rng.weighted([
    [5, 1],
    [3, 2],
    [2, rng.between(3, 6)],
  ]);
  for (let i = 0; i < n; i++) {
    const name = declared.length > 0 && rng.chance(0.7) ? rng.pick(declared) : rng.pick(extras);
    const param = route.queryParams.find((p) => p.name === name);
    const value = param ? queryValue(rng, param.schema) : queryText(rng, hostileText(rng));
    parts.push(rng.chance(0.1) ? name : `${name}=${value}`);
  }
  if (rng.chance(0.1)) parts.push(`q=${"a".repeat(rng.between(300, 20_000))}`);
  if (rng.chance(0.05)) parts.push("&&&==&");
  return parts.join(rng.chance(0.05) ? ";" : "&");
}

function pathTrick(rng: Rng, path: string): string {
  const segments = path.split("/");
  switch (rng.int(12)) {
    case 0:
      return path.replace(/\//g, () => (rng.chance(0.3) ? "//" : "/"));
    case 1: {
      const at = rng.between(1, segments.length);
      segments.splice(at, 0, rng.pick(["..", "%2e%2e", "%2E%2E%2F", ".", "%2e", "x/.."]));
      return segments.join("/");
    }
    case 2:
      return `${path}/`;
    case 3:
      return `/api/../${path.replace(/^\/+/, "")}`;
    case 4:
      return path.replace(/\//g, (m, offset: number) => (offset > 0 && rng.chance(0.5) ? rng.pick(["%2F", "%2f", "%5C", "\\"]) : m));
    case 5:
      return `${path}/${"a".repeat(rng.between(1000, 60_000))}`;
    case 6:
      return path.toUpperCase();
    case 7:
      return `${path}%00.json`;
    case 8:
      return `/${segments.map((s) => (s ? `${s};x=1` : s)).join("/").replace(/^\/+/, "")}`;
    case 9:
      return `${path}/${Array.from({ length: rng.between(10, 400) }, () => rng.pick(["..", "a", "%2e%2e"])).join("/")}`;
    case 10:
      return path.replace(/[a-z]/g, (c) => (rng.chance(0.2) ? `%${c.charCodeAt(0).toString(16)}` : c));
    default:
      return `${path}#${rng.pick(PATH_SEGMENTS)}`;
  }
}

function forgedCookie(rng: Rng, ctx: FuzzContext): string {
  const real = ctx.cookies.length > 0 ? rng.pick(ctx.cookies) : "as_session=AAAAAAAAAAAAAAAAAAAAAA.x";
  const value = real.slice("as_session=".length);
  const [id = "", sig = ""] = decodeURIComponent(value).split(".");
  const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  switch (rng.int(12)) {
    case 0:
      return `as_session=${rng.string(22, b64)}.${rng.string(43, b64)}`;
    case 1:
      return `as_session=${id}.${sig.slice(0, -2)}${rng.string(2, b64)}`;
    case 2:
      return `as_session=${rng.string(22, b64)}.${sig}`;
    case 3:
      return "as_session=";
    case 4:
      return rng.pick(["as_session=%", "as_session=%E0%A4%A", "as_session=%ZZ", "as_session=..", "as_session=a.b.c", "as_session=.", "as_session=%00.%00"]);
    case 5:
      return `as_session=${"A".repeat(rng.between(100, 8000))}.${"B".repeat(43)}`;
    case 6:
      return `as_session=${rng.string(22, b64)}.${rng.string(43, b64)}; ${real}`;
    case 7:
      return `${real}; as_session=${rng.string(22, b64)}.x`;
    case 8:
      return ";;; = ; as_session ; =x";
    case 9:
      return `as_operator=${rng.string(40, b64)}; ${real}`;
    case 10:
      return `as_session=${encodeURIComponent(`${id}.${sig}`).replace(/\./g, "%2E")}`;
    default:
      return `as_session=${id}.${sig}=`;
  }
}

function validBody(rng: Rng, route: FuzzRoute, ctx: FuzzContext): { body?: FuzzBody; type?: string } {
  if (!route.body) return {};
  if (route.body.kind === "image") {
    const png = [137, 80, 78, 71, 13, 10, 26, 10];
    return { body: new Uint8Array([...png, ...rng.bytes(rng.between(0, 64))]), type: rng.pick(["image/png", "image/jpeg", "image/webp", "image/gif"]) };
  }
  return { body: JSON.stringify(sampleJson(rng, route.body.schema, ctx)), type: "application/json" };
}

/** One malformed request. */
const BODY_CATEGORIES: readonly FuzzCategory[] = ["bad-json", "wrong-types", "huge-body", "content-type"];

export function apiRequest(rng: Rng, routes: readonly FuzzRoute[], ctx: FuzzContext, budget: { hugeImages: number }): FuzzRequest {
  const category = rng.weighted(CATEGORIES);
  // Body mutations mostly go to routes that read a body (elsewhere they are a wrong method, which has its own category).
  const withBody = routes.filter((r) => r.body !== null);
  const route = BODY_CATEGORIES.includes(category) && withBody.length > 0 && rng.chance(0.8) ? rng.pick(withBody) : rng.pick(routes);
  let method = route.method;
  let path = fillTemplate(rng, route, ctx, 0.15);
  let query = route.queryParams.length > 0 && rng.chance(0.5) ? route.queryParams.map((p) => `${p.name}=${queryValue(rng, p.schema)}`).filter(() => rng.chance(0.5)).join("&") : "";
  const headers: Record<string, string> = {};
  let { body, type } = validBody(rng, route, ctx);

  // Every request gets a client address (so rate limits count per fuzzed client) and some origin / cookie.
  if (rng.chance(0.95)) headers["CF-Connecting-IP"] = rng.chance(0.9) ? `10.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}` : rng.pick(["::1", "2001:db8::1", "not-an-ip", "", "1.1.1.1, 2.2.2.2"]);
  const origin = rng.chance(0.7) ? ctx.origin : rng.pick(ORIGINS);
  if (origin) headers.Origin = origin;
  if (rng.chance(0.35) && ctx.cookies.length > 0) headers.Cookie = rng.pick(ctx.cookies);

  switch (category) {
    case "bad-json":
      if (!bodyAllowed(method)) method = rng.pick(["POST", "PUT", "PATCH"]);
      body = rng.pick(BAD_JSON_BODIES);
      type = "application/json";
      break;
    case "wrong-types":
      if (!bodyAllowed(method)) method = rng.pick(["POST", "PUT", "PATCH", "DELETE"]);
      body = rng.chance(0.8) ? rng.pick(WRONG_TYPE_BODIES) : JSON.stringify({ ...(sampleJson(rng, route.body?.kind === "json" ? route.body.schema : undefined, ctx) as object), extra: hostileText(rng) });
      type = "application/json";
      break;
    case "huge-body": {
      if (!bodyAllowed(method)) method = route.body ? route.method : rng.pick(["POST", "PUT"]);
      if (route.body?.kind === "image" && budget.hugeImages > 0) {
        budget.hugeImages--;
        body = { repeat: "\u0000\u00ff", bytes: 8 * 1024 * 1024 + rng.between(1, 512 * 1024), prefix: "\u0089PNG\r\n\u001a\n" };
        type = "image/png";
      } else if (rng.chance(0.5)) {
        body = { repeat: "a", bytes: rng.between(300 * 1024, 1_500_000), prefix: '{"name":"', suffix: '"}' };
        type = "application/json";
      } else {
        body = { repeat: "[", bytes: rng.between(2_000, 300 * 1024) };
        type = "application/json";
      }
      break;
    }
    case "encoding":
      if (rng.chance(0.5)) {
        path = route.template.replace(/\{[^}]+\}/g, () => rng.pick(PATH_SEGMENTS.filter((s) => s.includes("%"))));
      } else if (rng.chance(0.5) && bodyAllowed(method)) {
        body = oddBytes(rng);
        type = rng.pick(["application/json", "application/json; charset=utf-8", "image/png"]);
      } else {
        query = `${rng.pick([...route.queryParams.map((p) => p.name), "q"])}=${rng.pick(PATH_SEGMENTS.filter((s) => s.includes("%")))}${encodeQueryValue(hostileText(rng))}`;
      }
      break;
    case "path-trick":
      path = pathTrick(rng, path);
      break;
    case "wrong-method":
      method = rng.pick(METHODS.filter((m) => m !== route.method));
      if (rng.chance(0.5) && bodyAllowed(method) && body === undefined) {
        body = JSON.stringify({ value: 1, name: "x" });
        type = "application/json";
      }
      break;
    case "content-type":
      if (!bodyAllowed(method)) method = rng.pick(["POST", "PUT"]);
      body ??= rng.chance(0.5) ? '{"value":1}' : "value=1";
      type = (route.body?.kind === "image" ? rng.pick(IMAGE_CONTENT_TYPES) : rng.pick(JSON_CONTENT_TYPES)) ?? undefined;
      break;
    case "bogus-cookie":
      headers.Cookie = forgedCookie(rng, ctx);
      break;
    case "hostile-query":
      query = hostileQuery(rng, route);
      break;
    case "bad-form":
      break;
  }

  if (!bodyAllowed(method)) body = undefined;
  if (body !== undefined && type) headers["Content-Type"] = type;
  const full = query ? `${path}${path.includes("?") ? "&" : "?"}${query}` : path;
  return { category, route: `${route.method} ${route.template}`, method, path: full.startsWith("/") ? full : `/${full}`, headers, body };
}

/**
 * Every SWEEP_VALUES value alone in every path parameter, query parameter and
 * top-level JSON body field of every route (everything else valid), sent with
 * the route's own method: what the random requests combine, one at a time.
 */
export function sweepApiRequests(routes: readonly FuzzRoute[], ctx: FuzzContext): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const rng = new Rng(1);
  const cookie = ctx.cookies[0];
  const add = (route: FuzzRoute, path: string, body?: FuzzBody, type?: string) => {
    const i = out.length;
    const headers: Record<string, string> = { "CF-Connecting-IP": `10.250.${(i >> 8) & 255}.${i & 255}`, Origin: ctx.origin };
    if (cookie && i % 2 === 0) headers.Cookie = cookie;
    if (body !== undefined && type) headers["Content-Type"] = type;
    out.push({ category: "sweep", route: `${route.method} ${route.template}`, method: route.method, path, headers, body });
  };
  for (const route of routes) {
    const valid = (name: string) => encodeQueryValue(ctx.values[name]?.[0] ?? "1");
    const { body, type } = validBody(rng, route, ctx);
    const fill = (param: string | null, encoded: string) => route.template.replace(/\{([^}]+)\}/g, (_, name: string) => (name === param ? encoded || "%20" : valid(name)));
    for (const value of SWEEP_VALUES) {
      const encoded = encodeQueryValue(value);
      for (const param of route.pathParams) add(route, fill(param, encoded), body, type);
      for (const param of route.queryParams) add(route, `${fill(null, "")}?${param.name}=${encoded}`, body, type);
      if (route.body?.kind === "json") {
        const fields = Object.keys(route.body.schema.properties ?? {});
        const base = JSON.parse(typeof body === "string" ? body : "{}") as Record<string, unknown>;
        for (const field of fields) {
          add(route, fill(null, ""), JSON.stringify({ ...base, [field]: value }), "application/json");
          add(route, fill(null, ""), JSON.stringify({ ...base, [field]: [value] }), "application/json");
        }
      }
    }
  }
  return out;
}

/** `count` malformed requests from `seed`'s stream. */
export function generateApiRequests(rng: Rng, routes: readonly FuzzRoute[], ctx: FuzzContext, count: number, hugeImages = 6): FuzzRequest[] {
  const budget = { hugeImages };
  return Array.from({ length: count }, () => apiRequest(rng, routes, ctx, budget));
}
