/** Error and status pages (404, 410, 500) in the shop's frame. */
import { html } from "../html.ts";
import { layout } from "./layout.ts";

export function notFoundPage(origin: string): string {
  return layout({ title: "Not found | Demo Art Shop", origin, body: html`<h1>Page not found</h1><p>We could not find that page.</p>` });
}

export function gonePage(origin: string, title: string): string {
  return layout({
    title: "No longer available | Demo Art Shop",
    origin,
    body: html`<h1>No longer available</h1><p>${title} has been sold and is no longer available.</p>`,
  });
}

export function serverErrorPage(origin: string): string {
  return layout({ title: "Error | Demo Art Shop", origin, body: html`<h1>Something went wrong</h1><p>Please try again later.</p>` });
}
