/**
 * One D1 round trip for many statements: D1's own batch (one transaction), fed
 * with drizzle builders and sql`` templates alike. drizzle's db.batch() does not
 * take raw sql`` statements on D1, and the crawler's bulk writes are raw (rows as
 * one JSON parameter read by json_each).
 */
import { is, SQL } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";

export type BatchStatement = SQL | { toSQL(): { sql: string; params: unknown[] } };

const dialect = new SQLiteSyncDialect();

export async function d1Batch(db: DrizzleD1Database<Record<string, unknown>>, statements: readonly BatchStatement[]): Promise<D1Result[]> {
  if (statements.length === 0) return [];
  // drizzle() puts the binding on the database it returns; the Db type leaves it out.
  const client = (db as unknown as { $client: D1Database }).$client;
  const prepared = statements.map((statement) => {
    const query = is(statement, SQL) ? dialect.sqlToQuery(statement) : statement.toSQL();
    return client.prepare(query.sql).bind(...query.params);
  });
  return client.batch(prepared);
}
