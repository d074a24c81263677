/** Search's limits, shared by the server and the page's own code (safe in the browser bundle). */
export { MAX_QUERY_TEXT_LENGTH } from "../../../workers/lib/query-text";

/** Results a page shows. */
export const PAGE_SIZE = 24;
/** Deepest page offset a cursor may ask for. */
export const MAX_OFFSET = 10_000;
/** Largest image a visitor may search with (the query encoder's own limit). */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
