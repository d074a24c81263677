/**
 * The consumer's side of HostGate: wait for the host's slot (short waits in
 * place, long ones by re-queueing the work), run the request, and report how
 * the host answered.
 */
import type { HostGate, ReleaseOutcome } from "./host-gate";

/**
 * How long a consumer waits for the host's slot before re-queueing the work.
 * A crawl delay or back-off longer than this is deferred at once (HostGate
 * knows); waiting behind other in-flight requests is worth up to this long.
 */
const MAX_INLINE_WAIT_MS = 20_000;

export class DeferredError extends Error {
  constructor(readonly waitMs: number) {
    super(`host busy; try again in ${waitMs} ms`);
  }
}

export function hostGateFor(namespace: DurableObjectNamespace<HostGate>, url: string): DurableObjectStub<HostGate> {
  return namespace.get(namespace.idFromName(new URL(url).host.toLowerCase()));
}

export async function withHostSlot<T>(
  gate: DurableObjectStub<HostGate>,
  delayMs: number,
  run: () => Promise<T>,
  outcomeOf: (result: T) => ReleaseOutcome,
): Promise<T> {
  const answer = await gate.acquire(delayMs, MAX_INLINE_WAIT_MS);
  if (!answer.granted) throw new DeferredError(answer.waitMs);
  try {
    const result = await run();
    await gate.release(answer.leaseId, outcomeOf(result));
    return result;
  } catch (error) {
    await gate.release(answer.leaseId, { failed: isTransient(error) });
    throw error;
  }
}

/** Timeouts and resets from the shop slow the host down; failures of our own browser do not. */
function isTransient(error: unknown): boolean {
  const e = error as { transient?: boolean; blameHost?: boolean };
  return Boolean(e?.transient) && e.blameHost !== false;
}

/** Retry-After as seconds (delta-seconds or an HTTP date). */
export function retryAfterSeconds(headers: Headers): number | null {
  const value = headers.get("Retry-After");
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}
