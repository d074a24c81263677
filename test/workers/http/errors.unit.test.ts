import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { errorResponse, isTransientDatabaseError } from "../../../workers/http/errors";

/** Drizzle wraps D1's error as the cause; the lock text sits two levels down. */
function drizzleLikeLockError(): Error {
  const d1 = new Error("D1_ERROR: NOSENTRY database is locked: SQLITE_BUSY", { cause: new Error("NOSENTRY database is locked: SQLITE_BUSY") });
  return new Error('Failed query: insert into "fetch_log" ...', { cause: d1 });
}

describe("admin API errors", () => {
  it("answers a database lock as 503 with Retry-After, not 500", async () => {
    const app = new Hono();
    app.get("/locked", () => {
      throw drizzleLikeLockError();
    });
    app.get("/broken", () => {
      throw new Error("a real bug");
    });
    app.onError(errorResponse);
    const locked = await app.request("/locked");
    expect(locked.status).toBe(503);
    expect(locked.headers.get("Retry-After")).toBe("1");
    expect(await locked.json()).toEqual({ error: "busy", message: "The database is busy; try again in a moment." });
    expect((await app.request("/broken")).status).toBe(500);
  });

  it("tells transient database errors from others", () => {
    expect(isTransientDatabaseError(drizzleLikeLockError())).toBe(true);
    expect(isTransientDatabaseError(new Error("D1_ERROR: Network connection lost."))).toBe(true);
    expect(isTransientDatabaseError(new Error("D1_ERROR: UNIQUE constraint failed: artworks.image_hash"))).toBe(false);
    expect(isTransientDatabaseError("SQLITE_BUSY")).toBe(true);
  });
});
