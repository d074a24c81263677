import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/cloudflare";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToReadableStream } from "react-dom/server";
import { documentKey, documentSource, keepDocument, keptDocument } from "./server/rendered-documents";

const ABORT_DELAY_MS = 5_000;

/**
 * Remix logs every error it meets, with a stack trace, including its own 4xx
 * answers (a POST to a page without an action is a 405, an unknown route a
 * 404). Those are the visitor's mistakes, not ours, and wrangler already logs
 * the request with its status; only real failures are logged (issue 6: a log
 * with a stack trace means something broke). Remix's warning about a legacy
 * `?_data=` request (this app uses single fetch; its own pages never send one)
 * is the client's doing too.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (error instanceof Error && error.message.startsWith("Warning: Single fetch-enabled apps should not be making ?_data requests")) return;
  console.error(error);
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // The same URL and loader data render the same markup: a document rendered before for them
  // is sent again (docs/decisions/0027), personal data included in the key.
  const state = remixContext.staticHandlerContext;
  const source = documentSource({
    method: request.method,
    url: request.url,
    status: responseStatusCode,
    loaderData: state.loaderData,
    actionData: state.actionData,
    errors: state.errors,
  });
  const key = source === null ? null : await documentKey(source);
  const kept = key === null ? undefined : keptDocument(key);
  if (kept) {
    // The hydration data stream Remix prepared for this render is not needed.
    void remixContext.serverHandoffStream?.cancel().catch(() => undefined);
    responseHeaders.set("X-Document-Cache", "HIT");
    return new Response(kept, { headers: responseHeaders, status: responseStatusCode });
  }

  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), ABORT_DELAY_MS);
  let failed = false;
  const body = await renderToReadableStream(
    <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} />,
    {
      signal: controller.signal,
      onError(error: unknown) {
        if (!controller.signal.aborted) console.error(error);
        failed = true;
        responseStatusCode = 500;
      },
    },
  );
  body.allReady.then(() => clearTimeout(timeout));

  // Kept only when complete and clean; the visitor's copy is sent as it renders.
  let stream: ReadableStream = body;
  if (key !== null) {
    responseHeaders.set("X-Document-Cache", "MISS");
    const [toVisitor, toKeep] = body.tee();
    stream = toVisitor;
    const keeping = new Response(toKeep).arrayBuffer().then((html) => {
      if (!failed && !controller.signal.aborted) keepDocument(key, new Uint8Array(html));
    }, () => undefined);
    loadContext.cloudflare.ctx.waitUntil(keeping);
  }

  // Crawlers and share-card fetchers get the complete document in one go.
  if (isbot(request.headers.get("user-agent") || "")) await body.allReady;
  return new Response(stream, { headers: responseHeaders, status: responseStatusCode });
}
