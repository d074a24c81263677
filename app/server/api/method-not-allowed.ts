/**
 * Hono answers 404 for a known path called with the wrong method; HTTP says 405
 * with an Allow header. This turns the app's route table into that answer.
 */
import type { Hono } from "hono";

function patternOf(path: string): RegExp {
  const escaped = path
    .split("/")
    .map((part) => (part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${escaped}/?$`);
}

export function allowedMethods(app: Hono<any, any, any>, pathname: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue;
    if (patternOf(route.path).test(pathname)) methods.add(route.method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}
