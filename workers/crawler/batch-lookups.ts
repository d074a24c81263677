/**
 * The run and source rows a consumer batch needs, read once per batch: its
 * messages nearly always share one run. A batch lasts seconds, so a run
 * cancelled meanwhile is noticed by the next batch.
 */
import { eq } from "drizzle-orm";
import * as schema from "../db/schema";
import type { Db } from "./catalogue-store";
import type { Run, Source } from "./runs";

export class BatchLookups {
  private readonly runs = new Map<number, Promise<Run | undefined>>();
  private readonly sources = new Map<number, Promise<Source | undefined>>();

  constructor(private readonly db: Db) {}

  run(id: number): Promise<Run | undefined> {
    return once(this.runs, id, () => this.db.query.crawlRuns.findFirst({ where: eq(schema.crawlRuns.id, id) }));
  }

  source(id: number): Promise<Source | undefined> {
    return once(this.sources, id, () => this.db.query.sources.findFirst({ where: eq(schema.sources.id, id) }));
  }
}

function once<T>(cache: Map<number, Promise<T>>, id: number, read: () => PromiseLike<T>): Promise<T> {
  let value = cache.get(id);
  if (!value) {
    // A drizzle query runs again on every then(): hold the one result in a plain promise.
    value = Promise.resolve().then(read);
    cache.set(id, value);
    // A failed read is not kept: the next message of the batch reads again.
    value.catch(() => cache.delete(id));
  }
  return value;
}
