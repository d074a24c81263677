import { describe, expect, it } from "vitest";
import { CrawlFetchError, fetchWithLimits, type FetchRequest } from "../../../workers/crawler/fetcher";

const allowed = new Set(["shop.test:80"]);
const request = (url: string, extra: Partial<FetchRequest> = {}): FetchRequest => ({
  url, userAgent: "ArtSnobBot/test", allowedPrivateHosts: allowed, limits: { timeoutMs: 500, maxBytes: 1000, maxRedirects: 3 }, ...extra,
});

/** A fake shop: each path answers as the table says. */
function fakeShop(routes: Record<string, (req: Request) => Response | Promise<Response>>): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const route = routes[new URL(req.url).pathname];
    return route ? route(req) : new Response("nope", { status: 404 });
  }) as typeof fetch;
}

const failure = async (promise: Promise<unknown>): Promise<CrawlFetchError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CrawlFetchError);
    return error as CrawlFetchError;
  }
  throw new Error("expected a failure");
};

describe("fetching with limits", () => {
  it("sends the bot's User-Agent and conditional headers, and reports 304", async () => {
    let seen: Headers | undefined;
    const shop = fakeShop({ "/a": (req) => ((seen = req.headers), new Response(null, { status: 304 })) });
    const res = await fetchWithLimits(request("http://shop.test/a", { etag: '"v1"', lastModified: "Wed, 01 Jan 2025 00:00:00 GMT" }), shop);
    expect(res.status).toBe(304);
    expect(seen?.get("User-Agent")).toBe("ArtSnobBot/test");
    expect(seen?.get("If-None-Match")).toBe('"v1"');
    expect(seen?.get("If-Modified-Since")).toBe("Wed, 01 Jan 2025 00:00:00 GMT");
  });

  it("follows redirects by hand and detects loops and long chains", async () => {
    const shop = fakeShop({
      "/old": () => new Response(null, { status: 301, headers: { Location: "/new" } }),
      "/new": () => new Response("hello"),
      "/loop-a": () => new Response(null, { status: 302, headers: { Location: "/loop-b" } }),
      "/loop-b": () => new Response(null, { status: 302, headers: { Location: "/loop-a" } }),
      "/1": () => new Response(null, { status: 302, headers: { Location: "/2" } }),
      "/2": () => new Response(null, { status: 302, headers: { Location: "/3" } }),
      "/3": () => new Response(null, { status: 302, headers: { Location: "/4" } }),
      "/4": () => new Response(null, { status: 302, headers: { Location: "/5" } }),
    });
    const ok = await fetchWithLimits(request("http://shop.test/old"), shop);
    expect(ok.finalUrl).toBe("http://shop.test/new");
    expect(new TextDecoder().decode(ok.body)).toBe("hello");
    expect((await failure(fetchWithLimits(request("http://shop.test/loop-a"), shop))).kind).toBe("redirect_loop");
    expect((await failure(fetchWithLimits(request("http://shop.test/1"), shop))).kind).toBe("too_many_redirects");
  });

  it("refuses a redirect into a private address", async () => {
    const shop = fakeShop({ "/go": () => new Response(null, { status: 302, headers: { Location: "http://169.254.169.254/latest/meta-data/" } }) });
    const error = await failure(fetchWithLimits(request("http://shop.test/go"), shop));
    expect(error.kind).toBe("blocked_url");
    expect(error.transient).toBe(false);
  });

  it("caps the body by declared and by actual size", async () => {
    const shop = fakeShop({
      "/declared": () => new Response("x".repeat(10), { headers: { "Content-Length": "5000" } }),
      "/streamed": () => new Response(new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(600)); } })),
    });
    expect((await failure(fetchWithLimits(request("http://shop.test/declared"), shop))).kind).toBe("too_large");
    expect((await failure(fetchWithLimits(request("http://shop.test/streamed"), shop))).kind).toBe("too_large");
  });

  it("times out a slow answer, as a transient failure", async () => {
    const shop = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)))) as typeof fetch;
    const error = await failure(fetchWithLimits(request("http://shop.test/slow"), shop));
    expect(error.kind).toBe("timeout");
    expect(error.transient).toBe(true);
  });
});
