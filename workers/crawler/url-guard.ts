/**
 * Which URLs the crawler may fetch: http(s) only, never loopback, private,
 * link-local, carrier-grade NAT or cloud metadata addresses, except host:port
 * pairs a local development config lists explicitly (the demo shop).
 */
export class BlockedUrlError extends Error {
  readonly kind = "blocked_url";
  constructor(readonly url: string, reason: string) {
    super(`refusing to fetch ${url}: ${reason}`);
  }
}

const BLOCKED_HOSTNAMES = new Set(["localhost", "metadata.google.internal", "metadata", "instance-data"]);

export function parseAllowedPrivateHosts(config: string | undefined): Set<string> {
  return new Set((config ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean));
}

/** Throws BlockedUrlError when the URL must not be fetched. */
export function assertFetchable(rawUrl: string | URL, allowedPrivateHosts: Set<string>): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new BlockedUrlError(String(rawUrl), "not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new BlockedUrlError(url.href, `scheme ${url.protocol} is not http(s)`);
  if (url.username || url.password) throw new BlockedUrlError(url.href, "credentials in URL");
  const hostPort = `${url.hostname.toLowerCase()}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
  if (allowedPrivateHosts.has(hostPort) || allowedPrivateHosts.has(url.host.toLowerCase())) return url;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (BLOCKED_HOSTNAMES.has(host) || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) {
    throw new BlockedUrlError(url.href, `host ${host} is private`);
  }
  const reason = privateAddressReason(host);
  if (reason) throw new BlockedUrlError(url.href, reason);
  return url;
}

/** Why an IP literal is not public, or null when it is public (or not an IP literal). */
export function privateAddressReason(host: string): string | null {
  const v4 = parseIPv4(host);
  if (v4) return privateIPv4Reason(v4);
  if (host.includes(":")) return privateIPv6Reason(host);
  return null;
}

function parseIPv4(host: string): number[] | null {
  // WHATWG URL parsing already normalises decimal/octal/hex forms to dotted quads.
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function privateIPv4Reason([a, b]: number[]): string | null {
  if (a === undefined || b === undefined) return null;
  if (a === 127) return "loopback address";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private address";
  if (a === 169 && b === 254) return "link-local / metadata address";
  if (a === 100 && b >= 64 && b <= 127) return "carrier-grade NAT address";
  if (a === 0) return "unspecified address";
  if (a >= 224) return "multicast or reserved address";
  if (a === 198 && (b === 18 || b === 19)) return "benchmarking address";
  return null;
}

function privateIPv6Reason(host: string): string | null {
  const h = host.toLowerCase();
  if (h === "::1" || h === "::") return "loopback or unspecified address";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped?.[1]) return privateAddressReason(mapped[1]);
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (mappedHex?.[1] && mappedHex[2]) {
    const hi = parseInt(mappedHex[1], 16);
    const lo = parseInt(mappedHex[2], 16);
    return privateAddressReason(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (/^f[cd]/.test(h)) return "unique-local address";
  if (/^fe[89ab]/.test(h)) return "link-local address";
  if (/^ff/.test(h)) return "multicast address";
  return null;
}
