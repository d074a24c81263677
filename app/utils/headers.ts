import type { HeadersFunction } from "@remix-run/cloudflare";

/** Routes export this as `headers`: the loader decides caching (public vs personal). */
export const loaderHeaders: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;
