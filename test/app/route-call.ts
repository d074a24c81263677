/**
 * Calling a Remix loader or action directly in tests: what it returns (a Response, a data()
 * value or plain data) or throws (a Response) becomes status, headers and body (JSON when the
 * body parses as JSON, text otherwise).
 */
import type { AppLoadContext } from "@remix-run/cloudflare";

export interface Settled {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function settle(result: unknown): Promise<Settled> {
  if (result instanceof Response) {
    const text = await result.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: result.status, headers: result.headers, body };
  }
  const d = result as { type?: string; data: unknown; init?: ResponseInit | null };
  if (d && d.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, headers: new Headers(d.init?.headers), body: d.data };
  return { status: 200, headers: new Headers(), body: result };
}

/** Runs `fn` (a loader or an action) with the request, route params and load context. */
export async function callRoute(fn: (args: never) => unknown, context: AppLoadContext, request: Request, params: Record<string, string> = {}): Promise<Settled> {
  try {
    return await settle(await fn({ request, params, context } as never));
  } catch (thrown) {
    if (thrown instanceof Response) return settle(thrown);
    throw thrown;
  }
}
