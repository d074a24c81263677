/**
 * Rendered HTML documents, kept in the isolate's memory and keyed by everything a page's
 * markup is made from: the URL and the data its loaders returned (docs/decisions/0027). React
 * renders the same markup from the same data, so a document is reused only for a request
 * whose data is identical, personal parts included: a signed-in visitor on a work they have
 * not reacted to, with no walls, gets the markup any such visitor got, and one who liked it
 * gets markup of their own. Nothing one visitor sees can reach another whose data differs.
 *
 * Content-addressed, so nothing kept can go stale: changed data is a different key. Entries
 * are dropped least recently used first, past a byte budget.
 */

/** Bytes of HTML an isolate keeps (Workers give an isolate 128 MB). */
export const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
/** A document larger than this is not kept (it would push out many smaller ones). */
export const MAX_KEPT_DOCUMENT_BYTES = 512 * 1024;

const documents = new Map<string, Uint8Array<ArrayBuffer>>();
let keptBytes = 0;

/** What a document's markup depends on, as one string; null for a render that must not be kept. */
export function documentSource(input: {
  method: string;
  url: string;
  status: number;
  loaderData: unknown;
  actionData: unknown;
  errors: unknown;
}): string | null {
  if (input.method !== "GET" || input.status !== 200 || input.actionData != null || input.errors != null) return null;
  const url = new URL(input.url);
  return JSON.stringify([url.pathname, url.search, input.loaderData]);
}

/** A short key for a source (the source itself can be tens of KB). */
export async function documentKey(source: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(source));
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** A copy of the document kept under `key` (callers may hand it to a Response), or undefined. */
export function keptDocument(key: string): Uint8Array<ArrayBuffer> | undefined {
  const html = documents.get(key);
  if (!html) return undefined;
  // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
  documents.delete(key);
  documents.set(key, html);
  return html.slice();
}

export function keepDocument(key: string, html: Uint8Array): void {
  if (html.byteLength > MAX_KEPT_DOCUMENT_BYTES) return;
  const old = documents.get(key);
  if (old) {
    keptBytes -= old.byteLength;
    documents.delete(key);
  }
  documents.set(key, html.slice());
  keptBytes += html.byteLength;
  while (keptBytes > MAX_DOCUMENT_BYTES) {
    const [oldestKey, oldest] = documents.entries().next().value!;
    documents.delete(oldestKey);
    keptBytes -= oldest.byteLength;
  }
}

/** For tests. */
export function keptDocumentStats(): { documents: number; bytes: number } {
  return { documents: documents.size, bytes: keptBytes };
}

export function forgetDocuments(): void {
  documents.clear();
  keptBytes = 0;
}
