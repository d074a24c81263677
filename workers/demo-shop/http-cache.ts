/**
 * Conditional requests (RFC 9110 section 13): strong ETags derived from the exact bytes sent and
 * Last-Modified from the catalogue, so an unchanged page keeps its validators across versions
 * and a crawler's If-None-Match / If-Modified-Since get a 304.
 */
import { httpDate } from "./dates.ts";
import { hashHex } from "./random.ts";

export interface Validators {
  etag: string;
  /** ISO date, whole seconds. */
  lastModified: string;
}

export function etagFor(body: string | Uint8Array, prefix: string): string {
  return `"${prefix}-${hashHex(body)}"`;
}

function opaqueTag(tag: string): string {
  return tag.trim().replace(/^W\//, "");
}

/** True when the request's validators show the client already has this representation. */
export function isNotModified(request: Request, validators: Validators): boolean {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    // If-None-Match wins over If-Modified-Since when both are sent; weak comparison applies.
    if (ifNoneMatch.trim() === "*") return true;
    const mine = opaqueTag(validators.etag);
    return ifNoneMatch.split(",").some((tag) => opaqueTag(tag) === mine);
  }
  const ifModifiedSince = request.headers.get("if-modified-since");
  if (ifModifiedSince !== null) {
    const since = Date.parse(ifModifiedSince);
    if (Number.isNaN(since)) return false;
    return Date.parse(validators.lastModified) <= since;
  }
  return false;
}

export function validatorHeaders(validators: Validators): Record<string, string> {
  return {
    ETag: validators.etag,
    "Last-Modified": httpDate(validators.lastModified),
    // Revalidate every time: the shop changes between versions without URL changes.
    "Cache-Control": "no-cache",
  };
}

/** A 200 with validators, or a bodiless 304 when the request's validators match. */
export function conditionalResponse(
  request: Request,
  body: string | Uint8Array<ArrayBuffer>,
  contentType: string,
  validators: Validators,
  extraHeaders: Record<string, string> = {},
): Response {
  const headers = { ...validatorHeaders(validators), ...extraHeaders };
  if (isNotModified(request, validators)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { "Content-Type": contentType, ...headers } });
}
