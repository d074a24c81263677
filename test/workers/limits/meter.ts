/**
 * A metered Worker environment for limit tests: D1 through the recording proxy
 * (each statement, also inside db.batch, is one query, with its bound values),
 * the crawl queue captured instead of delivered (the test drives the consumer,
 * one handleCrawlBatch call per invocation), R2, Durable Object and fetch calls
 * counted. Everything but D1 statements is a subrequest; D1 statements are
 * counted as subrequests too, which is stricter than the platform.
 */
import { env } from "cloudflare:test";
import { vi } from "vitest";
import type { Env } from "../../../workers/env";
import type { CrawlMessage } from "../../../workers/crawler/messages";
import { type RecordedQuery, recordingD1, roundTrips } from "../../../workers/lib/recording-d1";

/** The paid Workers plan's limits (TOOLCHAIN.md; Cloudflare's D1 and Workers limits pages). */
export const LIMITS = { d1Queries: 1000, subrequests: 1000, boundParameters: 100, sendBatchMessages: 100 } as const;

export interface Invocation {
  label: string;
  d1Queries: number;
  /** Statements on their own plus db.batch() calls: what the invocation waits on D1 for. */
  d1RoundTrips: number;
  maxBoundParameters: number;
  /** Rows D1 says the invocation's statements read: a cost that must not grow with the run. */
  d1RowsRead: number;
  queueCalls: number;
  r2Calls: number;
  durableObjectCalls: number;
  otherBindingCalls: number;
  fetches: number;
  subrequests: number;
}

export interface Sent {
  body: CrawlMessage;
  delaySeconds: number;
}

export interface Meter {
  env: Env;
  /** Every queue message sent so far, in order. */
  sent: Sent[];
  /** Wraps another binding (a Vectorize index, say) so its calls count as subrequests. */
  counted<T extends object>(binding: T): T;
  /** Runs `work` as one invocation and records what it used. */
  invoke<T>(label: string, work: (env: Env) => Promise<T>): Promise<T>;
  invocations: Invocation[];
  /** Makes the queue's `n`th sendBatch from now fail once, as a crash would. */
  failSendBatchAfter(n: number): void;
}

export function meterEnv(overrides: Partial<Env> = {}): Meter {
  const log: RecordedQuery[] = [];
  const counts = { queue: 0, r2: 0, durableObjects: 0, other: 0 };
  const sent: Sent[] = [];
  let failIn: number | null = null;
  let inFlight = 0;

  const queue = {
    async send(body: CrawlMessage, options?: QueueSendOptions) {
      counts.queue++;
      sent.push({ body, delaySeconds: options?.delaySeconds ?? 0 });
    },
    async sendBatch(messages: Iterable<MessageSendRequest<CrawlMessage>>) {
      counts.queue++;
      const list = [...messages];
      if (list.length > LIMITS.sendBatchMessages) throw new Error(`sendBatch of ${list.length} messages`);
      if (failIn !== null && --failIn === 0) {
        failIn = null;
        throw new Error("queue unavailable (injected)");
      }
      sent.push(...list.map((m) => ({ body: m.body, delaySeconds: m.delaySeconds ?? 0 })));
    },
  } as unknown as Queue<CrawlMessage>;

  // Calls go through the target itself (RPC stubs refuse to be passed along as `this`).
  const counted = <T extends object>(target: T, bump: () => void): T =>
    new Proxy(target, {
      get(t, prop) {
        const methods = t as unknown as Record<string | symbol, (...a: unknown[]) => unknown>;
        if (typeof methods[prop] !== "function" || prop === "then") return methods[prop];
        return (...args: unknown[]) => {
          bump();
          return methods[prop]!(...args);
        };
      },
    });

  const hostGate = new Proxy(env.HOST_GATE, {
    get(t, prop) {
      if (prop === "get") return (id: DurableObjectId) => counted(t.get(id), () => counts.durableObjects++);
      const value = Reflect.get(t, prop, t);
      return typeof value === "function" ? value.bind(t) : value;
    },
  });

  const metered = {
    ...env,
    ...overrides,
    DB: recordingD1(env.DB, log),
    CRAWL_QUEUE: queue,
    IMAGES: counted(env.IMAGES, () => counts.r2++),
    HOST_GATE: hostGate,
  } as Env;

  const invocations: Invocation[] = [];
  return {
    env: metered,
    sent,
    counted: (binding) => counted(binding, () => counts.other++),
    invocations,
    failSendBatchAfter(n) {
      failIn = n;
    },
    async invoke(label, work) {
      const fetchSpy = vi.mocked(globalThis.fetch);
      const fetchesBefore = vi.isMockFunction(globalThis.fetch) ? fetchSpy.mock.calls.length : 0;
      const before = { log: log.length, ...counts };
      inFlight++;
      try {
        return await work(metered);
      } finally {
        inFlight--;
        const queries = log.slice(before.log);
        const fetches = vi.isMockFunction(globalThis.fetch) ? fetchSpy.mock.calls.length - fetchesBefore : 0;
        const used = {
          queueCalls: counts.queue - before.queue,
          r2Calls: counts.r2 - before.r2,
          durableObjectCalls: counts.durableObjects - before.durableObjects,
          otherBindingCalls: counts.other - before.other,
        };
        invocations.push({
          label,
          d1Queries: queries.length,
          d1RoundTrips: roundTrips(queries),
          maxBoundParameters: Math.max(0, ...queries.map((q) => q.params.length)),
          d1RowsRead: queries.reduce((sum, q) => sum + q.rowsRead, 0),
          ...used,
          fetches,
          subrequests: queries.length + used.queueCalls + used.r2Calls + used.durableObjectCalls + used.otherBindingCalls + fetches,
        });
        // A long run makes hundreds of thousands of statements: only the figures are kept.
        if (inFlight === 0) log.length = 0;
      }
    },
  };
}

/** The largest figure of each kind over the invocations, for assertions and for the README. */
export function peak(invocations: readonly Invocation[]): Omit<Invocation, "label"> & { invocations: number } {
  const max = (key: keyof Omit<Invocation, "label">) => Math.max(0, ...invocations.map((i) => i[key]));
  return {
    invocations: invocations.length,
    d1Queries: max("d1Queries"),
    d1RoundTrips: max("d1RoundTrips"),
    maxBoundParameters: max("maxBoundParameters"),
    d1RowsRead: max("d1RowsRead"),
    queueCalls: max("queueCalls"),
    r2Calls: max("r2Calls"),
    durableObjectCalls: max("durableObjectCalls"),
    otherBindingCalls: max("otherBindingCalls"),
    fetches: max("fetches"),
    subrequests: max("subrequests"),
  };
}

/** A queue batch as the platform hands it to the consumer; records what the consumer did with each message. */
export function messageBatch(bodies: Array<{ body: CrawlMessage; attempts: number }>, queue = "art-snob-crawl") {
  const outcome = new Map<number, "ack" | "retry">();
  const messages = bodies.map(({ body, attempts }, i) => ({
    id: `m${i}`,
    timestamp: new Date(),
    body,
    attempts,
    ack: () => void outcome.set(i, "ack"),
    retry: () => void outcome.set(i, "retry"),
  }));
  const batch = {
    queue,
    messages,
    ackAll: () => messages.forEach((m) => m.ack()),
    retryAll: () => messages.forEach((m) => m.retry()),
  } as unknown as MessageBatch<unknown>;
  return { batch, outcome };
}
