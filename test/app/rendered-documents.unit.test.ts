/**
 * The rendered-document store (docs/decisions/0027): which renders may be kept, keys that
 * differ whenever the page's data differs, and a byte budget.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  MAX_DOCUMENT_BYTES,
  MAX_KEPT_DOCUMENT_BYTES,
  documentKey,
  documentSource,
  forgetDocuments,
  keepDocument,
  keptDocument,
  keptDocumentStats,
} from "../../app/server/rendered-documents";

const page = (over: Partial<Parameters<typeof documentSource>[0]> = {}) =>
  documentSource({
    method: "GET",
    url: "https://art.example/artworks/blue-fern",
    status: 200,
    loaderData: { "routes/artworks.$slug": { work: { id: 1 }, personal: { reaction: 0, walls: [] } } },
    actionData: null,
    errors: null,
    ...over,
  });

beforeEach(forgetDocuments);

describe("what a kept document is keyed by", () => {
  it("keeps only clean GET renders", () => {
    expect(page()).not.toBeNull();
    expect(page({ method: "POST" })).toBeNull();
    expect(page({ status: 404 })).toBeNull();
    expect(page({ actionData: { "routes/artworks.$slug": { ok: true } } })).toBeNull();
    expect(page({ errors: { root: new Error("boom") } })).toBeNull();
  });

  it("differs when the personal data, the path or the query differs", async () => {
    const base = await documentKey(page()!);
    const liked = await documentKey(page({ loaderData: { "routes/artworks.$slug": { work: { id: 1 }, personal: { reaction: 1, walls: [] } } } })!);
    const otherPath = await documentKey(page({ url: "https://art.example/artworks/red-fern" })!);
    const otherQuery = await documentKey(page({ url: "https://art.example/artworks/blue-fern?x=1" })!);
    expect(new Set([base, liked, otherPath, otherQuery]).size).toBe(4);
    expect(await documentKey(page()!)).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("the store", () => {
  it("answers a copy of what was kept", () => {
    keepDocument("a", new TextEncoder().encode("<html>a</html>"));
    const first = keptDocument("a")!;
    first.fill(0);
    expect(new TextDecoder().decode(keptDocument("a"))).toBe("<html>a</html>");
    expect(keptDocument("b")).toBeUndefined();
  });

  it("stays within its byte budget, least recently used out first, and skips very large documents", () => {
    const size = MAX_KEPT_DOCUMENT_BYTES;
    const count = Math.floor(MAX_DOCUMENT_BYTES / size);
    for (let i = 0; i < count; i++) keepDocument(`doc${i}`, new Uint8Array(size));
    keptDocument("doc0"); // now the most recently used
    keepDocument("one-more", new Uint8Array(size));
    expect(keptDocumentStats().bytes).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
    expect(keptDocument("doc0")).toBeDefined();
    expect(keptDocument("doc1")).toBeUndefined();
    keepDocument("huge", new Uint8Array(MAX_KEPT_DOCUMENT_BYTES + 1));
    expect(keptDocument("huge")).toBeUndefined();
  });
});
