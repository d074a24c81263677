/**
 * Reading a page form's body. `request.formData()` throws a TypeError for a
 * body that is not a form (JSON, no Content-Type, a broken multipart body),
 * which a page action would turn into a 500; this answers 415 or 400 instead,
 * as an HttpError the actions' refusal handling already understands.
 */
import { HttpError } from "../../workers/http/errors";
import { readCapped } from "../../workers/lib/read-capped";

const FORM_TYPES = /^\s*(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i;

/** The visitor-write forms (likes, walls, taste) are small: names, ids and a path. */
export const MAX_FORM_BYTES = 64 * 1024;

export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!FORM_TYPES.test(type)) {
    throw new HttpError(415, "unsupported_media_type", "Send the form as application/x-www-form-urlencoded or multipart/form-data.");
  }
  // The cap holds for the bytes actually sent, not only for a declared Content-Length.
  const bytes = await readCapped(request.body, request.headers.get("Content-Length"), maxBytes, () => new HttpError(413, "payload_too_large", `The form is larger than ${maxBytes} bytes.`));
  try {
    return await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "Content-Type": type } }).formData();
  } catch {
    throw new HttpError(400, "invalid_form", "The form could not be read.");
  }
}

const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Remix (2.17) refuses a page POST/PUT/PATCH/DELETE whose Origin does not
 * name the Host it was sent to (its CSRF check), but it does so by throwing:
 * the visitor gets an empty 500 and the log a stack trace, and an Origin that
 * is not a URL at all ("null", garbage) throws a TypeError. This answers those
 * requests first, with a 403 and a reason, using the same rule: an Origin is
 * acceptable when it is absent or its host equals X-Forwarded-Host (first
 * value) or else Host. The page actions still run their own same-origin check.
 */
export function foreignOriginRefusal(request: Request): Response | null {
  if (!MUTATIONS.has(request.method)) return null;
  const origin = request.headers.get("Origin");
  if (!origin) return null;
  const host = request.headers.get("X-Forwarded-Host")?.split(",")[0]?.trim() || request.headers.get("Host");
  let originHost: string | null = null;
  if (origin !== "null") {
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
  }
  if (originHost !== null && host && originHost === host) return null;
  return new Response("Changes must come from this site's own pages.\n", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
