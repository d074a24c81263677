/**
 * Admin and pipeline endpoints need the ADMIN_TOKEN secret as a bearer token.
 * The comparison takes the same time whatever the guess, so timing reveals nothing.
 */
import type { MiddlewareHandler } from "hono";
import type { Env } from "../env";
import { HttpError } from "../http/errors";

export const requireAdminToken: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  if (!expected) throw new HttpError(503, "admin_disabled", "ADMIN_TOKEN is not configured on this deployment.");
  const header = c.req.header("Authorization") ?? "";
  const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? "";
  if (!given) throw new HttpError(401, "unauthorized", "Send the admin token as 'Authorization: Bearer <token>'.");
  if (!(await constantTimeEqual(given, expected))) throw new HttpError(403, "forbidden", "The admin token is not valid.");
  await next();
};

/** Compares digests of both strings, so neither length nor content leaks through timing. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [da, db] = await Promise.all([crypto.subtle.digest("SHA-256", encoder.encode(a)), crypto.subtle.digest("SHA-256", encoder.encode(b))]);
  const x = new Uint8Array(da);
  const y = new Uint8Array(db);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
