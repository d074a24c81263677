/**
 * A tiny DNS-over-HTTPS resolver (the JSON API of RFC 8484-style services, as
 * Cloudflare and Google serve it) for crawler tests: a Worker cannot resolve
 * names itself, so the crawler asks a DoH endpoint, and tests point it here.
 *
 *   GET  /__demo/dns-query?name=<host>&type=A|AAAA   Accept: application/dns-json
 *   PUT  /__demo/dns   {"names": {"<host>": {"answers": [[{"type": "A", "data": "10.0.0.5", "ttl": 60}], ...]}}}
 *   GET  /__demo/dns   the zone and how often each name was asked for
 *
 * A name's `answers` are successive answer sets: lookup n gets set n (cycling),
 * so a name can rebind between a public and a private address. `rcode` makes the
 * name fail (3 NXDOMAIN, 2 SERVFAIL); `httpStatus` makes the resolver itself fail.
 * Unknown names are NXDOMAIN. Names are matched without case or trailing dot.
 */
import type { Hono } from "hono";

export interface DnsRecordSpec {
  type: "A" | "AAAA" | "CNAME";
  data: string;
  /** Seconds (default 60). */
  ttl?: number;
}

export interface DnsNameSpec {
  answers?: DnsRecordSpec[][];
  rcode?: number;
  httpStatus?: number;
}

export interface DnsZone {
  names: Map<string, DnsNameSpec>;
  /** Queries per "name type", e.g. "evil.test A". */
  queries: Map<string, number>;
}

const TYPE_CODES: Record<DnsRecordSpec["type"], number> = { A: 1, CNAME: 5, AAAA: 28 };

export function createDnsZone(): DnsZone {
  return { names: new Map(), queries: new Map() };
}

const key = (name: string) => name.toLowerCase().replace(/\.+$/, "");

/** The DoH JSON answer for one question. */
export function answerQuery(zone: DnsZone, rawName: string, rawType: string): { httpStatus: number; body: unknown } {
  const name = key(rawName);
  const type = rawType.toUpperCase() === "AAAA" || rawType === "28" ? "AAAA" : rawType.toUpperCase() === "A" || rawType === "1" ? "A" : null;
  if (!name || !type) return { httpStatus: 400, body: { error: "name and type (A or AAAA) are required" } };
  const countKey = `${name} ${type}`;
  const asked = zone.queries.get(countKey) ?? 0;
  zone.queries.set(countKey, asked + 1);
  const spec = zone.names.get(name);
  const question = [{ name: `${name}.`, type: TYPE_CODES[type] }];
  if (spec?.httpStatus) return { httpStatus: spec.httpStatus, body: { error: "resolver failure (configured)" } };
  if (!spec || spec.rcode !== undefined) {
    return { httpStatus: 200, body: { Status: spec?.rcode ?? 3, TC: false, RD: true, RA: true, AD: false, CD: false, Question: question } };
  }
  const sets = spec.answers ?? [];
  const set = sets.length ? (sets[asked % sets.length] ?? []) : [];
  const records = set
    .filter((r) => r.type === type || r.type === "CNAME")
    .map((r) => ({ name: `${name}.`, type: TYPE_CODES[r.type], TTL: r.ttl ?? 60, data: r.data }));
  return {
    httpStatus: 200,
    body: { Status: 0, TC: false, RD: true, RA: true, AD: false, CD: false, Question: question, ...(records.length ? { Answer: records } : {}) },
  };
}

function isRecord(value: unknown): value is DnsRecordSpec {
  const r = value as DnsRecordSpec;
  return typeof r === "object" && r !== null && (r.type === "A" || r.type === "AAAA" || r.type === "CNAME") && typeof r.data === "string" && (r.ttl === undefined || typeof r.ttl === "number");
}

function parseNames(body: unknown): Map<string, DnsNameSpec> | null {
  const names = (body as { names?: unknown })?.names;
  if (typeof names !== "object" || names === null) return null;
  const out = new Map<string, DnsNameSpec>();
  for (const [name, raw] of Object.entries(names as Record<string, unknown>)) {
    const spec = raw as DnsNameSpec;
    if (typeof spec !== "object" || spec === null) return null;
    if (spec.answers !== undefined && !(Array.isArray(spec.answers) && spec.answers.every((set) => Array.isArray(set) && set.every(isRecord)))) return null;
    if (spec.rcode !== undefined && typeof spec.rcode !== "number") return null;
    if (spec.httpStatus !== undefined && typeof spec.httpStatus !== "number") return null;
    out.set(key(name), { answers: spec.answers, rcode: spec.rcode, httpStatus: spec.httpStatus });
  }
  return out;
}

export function registerDohRoutes(app: Hono, zone: DnsZone, prefix: string): void {
  app.get(`${prefix}/dns-query`, (c) => {
    const { httpStatus, body } = answerQuery(zone, c.req.query("name") ?? "", c.req.query("type") ?? "A");
    return new Response(JSON.stringify(body), { status: httpStatus, headers: { "Content-Type": "application/dns-json" } });
  });

  app.get(`${prefix}/dns`, (c) => c.json({ names: Object.fromEntries(zone.names), queries: Object.fromEntries(zone.queries) }));

  // Adds or replaces names (other names are kept, so test files sharing the shop do not clash).
  app.put(`${prefix}/dns`, async (c) => {
    const names = parseNames(await c.req.json().catch(() => null));
    if (!names) return c.json({ error: 'expected {"names": {"<host>": {"answers": [[{"type": "A", "data": "..."}]]}}}' }, 400);
    for (const [name, spec] of names) {
      zone.names.set(name, spec);
      zone.queries.delete(`${name} A`);
      zone.queries.delete(`${name} AAAA`);
    }
    return c.json({ ok: true, names: [...names.keys()] });
  });
}
