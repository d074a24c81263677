/** The trace every fetch leaves: a fetch_log row per request and the page's latest state. */
import { eq } from "drizzle-orm";
import * as schema from "../db/schema";
import type { Db } from "./catalogue-store";

type PageKind = (typeof schema.pages.$inferInsert)["kind"];

export async function logFetch(db: Db, entry: typeof schema.fetchLog.$inferInsert): Promise<void> {
  await db.insert(schema.fetchLog).values({ ...entry, error: entry.error?.slice(0, 500) ?? null });
}

export async function getPage(db: Db, url: string) {
  return db.query.pages.findFirst({ where: eq(schema.pages.url, url) });
}

export async function savePage(
  db: Db,
  values: { sourceId: number; url: string; kind: PageKind; runId: number } & Partial<Omit<typeof schema.pages.$inferInsert, "sourceId" | "url" | "kind">>,
): Promise<number> {
  const row = { ...values, lastRunId: values.runId, fetchedAt: values.fetchedAt ?? Date.now(), lastError: values.lastError?.slice(0, 500) ?? values.lastError };
  const { runId: _runId, ...columns } = row;
  const [saved] = await db
    .insert(schema.pages)
    .values(columns)
    .onConflictDoUpdate({ target: schema.pages.url, set: { ...columns, sourceId: undefined } })
    .returning({ id: schema.pages.id });
  return saved!.id;
}

export async function recordDeadLetter(db: Db, entry: typeof schema.deadLetters.$inferInsert): Promise<void> {
  await db.insert(schema.deadLetters).values({ ...entry, reason: entry.reason.slice(0, 1000) });
}
