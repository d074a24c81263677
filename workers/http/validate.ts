/** zod validation for request parts, answering 400 with the reasons. */
import type { Context } from "hono";
import type { z } from "zod";
import { HttpError } from "./errors";

export async function jsonBody<T extends z.ZodType>(c: Context, schema: T, maxBytes = 256 * 1024): Promise<z.infer<T>> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, "unsupported_media_type", "Send the body as application/json.");
  const declared = Number(c.req.header("Content-Length") ?? "0");
  if (declared > maxBytes) throw new HttpError(413, "payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  const text = await c.req.text();
  if (text.length > maxBytes) throw new HttpError(413, "payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not valid JSON.");
  }
  return schema.parse(value);
}

export function params<T extends z.ZodType>(value: unknown, schema: T): z.infer<T> {
  return schema.parse(value);
}
