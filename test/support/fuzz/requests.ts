/**
 * What the fuzz generators produce: plain descriptions of requests, so the
 * same list can go through SELF.fetch (workerd) or node:http (the local stack).
 */

export type FuzzCategory =
  | "bad-json"
  | "wrong-types"
  | "huge-body"
  | "encoding"
  | "path-trick"
  | "wrong-method"
  | "content-type"
  | "bogus-cookie"
  | "hostile-query"
  | "bad-form"
  | "sweep";

/** A body, or a recipe for a large one (made when sent, so a run never holds them all). */
export type FuzzBody = string | Uint8Array<ArrayBuffer> | { repeat: string; bytes: number; prefix?: string; suffix?: string };

export interface FuzzRequest {
  category: FuzzCategory;
  /** Which route template it was made from (for the report). */
  route: string;
  method: string;
  /** Path and query exactly as sent: printable ASCII, already percent-encoded. */
  path: string;
  headers: Record<string, string>;
  body?: FuzzBody;
}

const encoder = new TextEncoder();

export function materialize(body: FuzzBody | undefined): string | Uint8Array<ArrayBuffer> | undefined {
  if (body === undefined || typeof body === "string" || body instanceof Uint8Array) return body;
  const unit = encoder.encode(body.repeat);
  const prefix = encoder.encode(body.prefix ?? "");
  const suffix = encoder.encode(body.suffix ?? "");
  const out = new Uint8Array(Math.max(body.bytes, prefix.length + suffix.length));
  out.set(prefix, 0);
  let at = prefix.length;
  const end = out.length - suffix.length;
  while (at < end) {
    const n = Math.min(unit.length, end - at);
    out.set(unit.subarray(0, n), at);
    at += n;
  }
  out.set(suffix, end);
  return out;
}

export function bodyLength(body: FuzzBody | undefined): number {
  if (body === undefined) return 0;
  if (typeof body === "string") return encoder.encode(body).length;
  if (body instanceof Uint8Array) return body.length;
  return body.bytes;
}

/** Methods a fetch client may not send a body with. */
export function bodyAllowed(method: string): boolean {
  const m = method.toUpperCase();
  return m !== "GET" && m !== "HEAD";
}

/** Counts of values, printed largest first. */
export class Histogram {
  readonly counts = new Map<string, number>();
  add(key: string | number, n = 1): void {
    const k = String(key);
    this.counts.set(k, (this.counts.get(k) ?? 0) + n);
  }
  get total(): number {
    let t = 0;
    for (const n of this.counts.values()) t += n;
    return t;
  }
  entries(): [string, number][] {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }
  toString(): string {
    return this.entries()
      .map(([k, n]) => `${k}: ${n}`)
      .join(", ");
  }
}
