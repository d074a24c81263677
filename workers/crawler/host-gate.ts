/**
 * HostGate: one Durable Object per shop host, so every consumer instance agrees
 * on politeness. It hands out leases: with a crawl delay, one at a time (at most
 * one request in flight per host), spaced by the delay; with no delay at all
 * (a host the operator runs, e.g. the demo shop, or a partner feed that allows
 * it), up to ZERO_DELAY_IN_FLIGHT at once, and one again while the host is
 * backed off. It backs off when the host answers 429/503 (honouring
 * Retry-After), and caches the host's robots.txt.
 */
import { DurableObject } from "cloudflare:workers";
import { ZERO_DELAY_IN_FLIGHT } from "./gate-limits";

export { ZERO_DELAY_IN_FLIGHT };

export interface GateGrant {
  granted: true;
  leaseId: string;
}
export interface GateWait {
  granted: false;
  waitMs: number;
}

export interface ReleaseOutcome {
  status?: number;
  retryAfterSeconds?: number | null;
  /** A network error or timeout: slow down as for a 503. */
  failed?: boolean;
}

export interface CachedRobots {
  /** null when the host has no robots.txt (4xx): everything is allowed. */
  text: string | null;
  /** "ok" | "missing" | "unavailable" (5xx/unreachable: everything is disallowed for now). */
  state: "ok" | "missing" | "unavailable";
  fetchedAt: number;
}

interface GateState {
  nextAllowedAt: number;
  /** Leases in flight: id -> expiry time. */
  leases: Record<string, number>;
  delayMs: number;
  penaltyMs: number;
}

/** A lease not released within this time (a crashed consumer) lapses. */
const LEASE_TIMEOUT_MS = 60_000;
const MAX_PENALTY_MS = 10 * 60_000;
const DEFER_AFTER_MS = 3_000;
const ROBOTS_TTL_MS = 24 * 3600_000;
const ROBOTS_UNAVAILABLE_TTL_MS = 60_000;

export class HostGate extends DurableObject<Record<string, unknown>> {
  private state: GateState = { nextAllowedAt: 0, leases: {}, delayMs: 0, penaltyMs: 0 };
  /** Callers waiting in acquire(); woken on every release to re-check. */
  private waiters: Array<() => void> = [];

  constructor(ctx: DurableObjectState, env: Record<string, unknown>) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const saved = await ctx.storage.get<Partial<GateState>>("gate");
      // Leases live in memory only; older saved states also carried a single leaseId.
      if (saved) this.state = { nextAllowedAt: saved.nextAllowedAt ?? 0, leases: {}, delayMs: saved.delayMs ?? 0, penaltyMs: saved.penaltyMs ?? 0 };
    });
  }

  /**
   * Ask to send one request. `delayMs` is the host's spacing (source setting or
   * robots Crawl-delay). Waits inside the object (other calls interleave while
   * it waits) up to `maxWaitMs`; a longer wait is returned for the caller to
   * defer the work instead of holding a consumer.
   */
  async acquire(delayMs: number, maxWaitMs = 3_000): Promise<GateGrant | GateWait> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const now = Date.now();
      const s = this.state;
      s.delayMs = Math.max(0, delayMs);
      const inFlight = liveLeases(s, now);
      const slots = s.delayMs === 0 && s.penaltyMs === 0 ? ZERO_DELAY_IN_FLIGHT : 1;
      const busy = inFlight >= slots;
      if (!busy && s.nextAllowedAt <= now) {
        const leaseId = crypto.randomUUID();
        s.leases[leaseId] = now + LEASE_TIMEOUT_MS;
        return { granted: true, leaseId };
      }
      const freeAt = busy ? null : s.nextAllowedAt;
      // A spacing/back-off wait longer than a few seconds is deferred now rather than slept through.
      if (freeAt !== null && (freeAt > deadline || freeAt - now > DEFER_AFTER_MS)) return { granted: false, waitMs: freeAt - now };
      if (now >= deadline) return { granted: false, waitMs: 250 };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(deadline, freeAt ?? deadline) - now);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Return the lease and say how the host answered, which sets when the next request may go. */
  async release(leaseId: string, outcome: ReleaseOutcome): Promise<{ nextAllowedAt: number; penaltyMs: number }> {
    const now = Date.now();
    const s = this.state;
    delete s.leases[leaseId];
    const overloaded = outcome.failed || outcome.status === 429 || outcome.status === 503;
    if (overloaded) {
      const retryAfterMs = (outcome.retryAfterSeconds ?? 0) * 1000;
      s.penaltyMs = Math.min(MAX_PENALTY_MS, Math.max(retryAfterMs, s.penaltyMs ? s.penaltyMs * 2 : 2000));
    } else {
      // Recover gradually after the host is healthy again.
      s.penaltyMs = s.penaltyMs >= 1000 ? Math.floor(s.penaltyMs / 2) : 0;
    }
    const before = s.nextAllowedAt;
    s.nextAllowedAt = Math.max(s.nextAllowedAt, now + s.delayMs + s.penaltyMs);
    // Only back-off worth surviving an eviction is persisted; leases live in memory.
    if (s.penaltyMs > 0 || overloaded || s.nextAllowedAt - before > 1000) await this.save();
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    return { nextAllowedAt: s.nextAllowedAt, penaltyMs: s.penaltyMs };
  }

  /** The cached robots.txt, or null when stale; an "unavailable" one is kept for `unavailableTtlMs`. */
  async getRobots(unavailableTtlMs = ROBOTS_UNAVAILABLE_TTL_MS): Promise<CachedRobots | null> {
    const robots = await this.ctx.storage.get<CachedRobots>("robots");
    if (!robots) return null;
    const ttl = robots.state === "unavailable" ? unavailableTtlMs : ROBOTS_TTL_MS;
    return Date.now() - robots.fetchedAt < ttl ? robots : null;
  }

  async putRobots(robots: CachedRobots): Promise<void> {
    await this.ctx.storage.put("robots", robots);
  }

  /** For the admin API and tests. */
  async inspect(): Promise<GateState> {
    return { ...this.state, leases: { ...this.state.leases } };
  }

  private async save(): Promise<void> {
    await this.ctx.storage.put("gate", { ...this.state, leases: {} });
  }
}

/** Leases still in flight; lapsed ones (a crashed consumer) are dropped. */
function liveLeases(s: GateState, now: number): number {
  let live = 0;
  for (const [id, expiresAt] of Object.entries(s.leases)) {
    if (expiresAt > now) live++;
    else delete s.leases[id];
  }
  return live;
}
