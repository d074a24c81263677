/**
 * Which URLs the crawler may fetch: http(s) only, never loopback, private,
 * link-local, carrier-grade NAT, unique-local, IPv4-mapped/embedded private or
 * cloud metadata addresses, except host:port pairs a local development config
 * lists explicitly (the demo shop). This checks the URL itself; what a host
 * name resolves to is checked by dns-guard.ts before each request.
 */
export class BlockedUrlError extends Error {
  readonly kind = "blocked_url";
  constructor(readonly url: string, reason: string) {
    super(`refusing to fetch ${url}: ${reason}`);
  }
}

const BLOCKED_HOSTNAMES = new Set(["localhost", "metadata.google.internal", "metadata", "instance-data", "metadata.azure.internal"]);
const BLOCKED_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa"];

export function parseAllowedPrivateHosts(config: string | undefined): Set<string> {
  return new Set((config ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean));
}

/** The host as the guard compares it: lower case, no IPv6 brackets, no trailing root dot. */
export function normaliseHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.+$/, "");
}

/** Whether a local development config lists this URL's host:port (it then skips every other check). */
export function isExplicitlyAllowed(url: URL, allowedPrivateHosts: Set<string>): boolean {
  if (allowedPrivateHosts.size === 0) return false;
  const hostPort = `${url.hostname.toLowerCase()}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
  return allowedPrivateHosts.has(hostPort) || allowedPrivateHosts.has(url.host.toLowerCase());
}

/** Whether the host is an IP address literal (the URL parser has already normalised odd IPv4 forms). */
export function isIpLiteral(hostname: string): boolean {
  const host = normaliseHostname(hostname);
  return parseIPv4(host) !== null || parseIPv6(host) !== null;
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
  if (isExplicitlyAllowed(url, allowedPrivateHosts)) return url;
  const host = normaliseHostname(url.hostname);
  if (!host) throw new BlockedUrlError(url.href, "empty host");
  if (isIpLiteral(host)) {
    const reason = addressReason(host);
    if (reason) throw new BlockedUrlError(url.href, reason);
    return url;
  }
  if (BLOCKED_HOSTNAMES.has(host) || BLOCKED_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    throw new BlockedUrlError(url.href, `host ${host} is private`);
  }
  // A dotless name only means something on a local network (search domains, intranet hosts).
  if (!host.includes(".")) throw new BlockedUrlError(url.href, `single-label host ${host} is private`);
  return url;
}

/** Why an IP literal is not public, or null when it is public (or not an IP literal). */
export function privateAddressReason(host: string): string | null {
  const h = normaliseHostname(host);
  return parseIPv4(h) || parseIPv6(h) ? addressReason(h) : null;
}

/**
 * Why an address (an A/AAAA answer, or an IP literal) must not be fetched,
 * or null when it is public. Anything that is not a well-formed address is refused.
 */
export function addressReason(address: string): string | null {
  const text = normaliseHostname(address);
  const v4 = parseIPv4(text);
  if (v4) return privateIPv4Reason(v4);
  const v6 = parseIPv6(text);
  if (v6) return privateIPv6Reason(v6);
  return `${address} is not an IP address`;
}

function parseIPv4(host: string): number[] | null {
  // WHATWG URL parsing already normalises decimal/octal/hex forms to dotted quads.
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

/** Eight 16-bit groups, from any textual form ("::" compression, an embedded dotted quad); null if not IPv6. */
export function parseIPv6(text: string): number[] | null {
  if (!text.includes(":") || text.includes("%")) return null;
  let head = text;
  let tail: number[] = [];
  const quad = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (quad) {
    const v4 = parseIPv4(quad[2]!);
    if (!v4) return null;
    head = quad[1]!.endsWith("::") ? quad[1]! : quad[1]!.slice(0, -1);
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string | undefined): number[] | null => {
    if (!part) return [];
    const out: number[] = [];
    for (const g of part.split(":")) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if (!left || !right) return null;
  const known = left.length + right.length + tail.length;
  if (halves.length === 2) {
    if (known > 7) return null;
    return [...left, ...new Array<number>(8 - known).fill(0), ...right, ...tail];
  }
  return known === 8 ? [...left, ...tail] : null;
}

const METADATA_V4 = new Set(["169.254.169.254", "169.254.170.2", "100.100.100.200", "168.63.129.16"]);

function privateIPv4Reason(parts: number[]): string | null {
  const [a = 0, b = 0, c = 0] = parts;
  if (METADATA_V4.has(parts.join("."))) return "cloud metadata address";
  if (a === 127) return "loopback address";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private address";
  if (a === 169 && b === 254) return "link-local / metadata address";
  if (a === 100 && b >= 64 && b <= 127) return "carrier-grade NAT address";
  if (a === 0) return "unspecified address";
  if (a >= 224) return "multicast or reserved address";
  if (a === 198 && (b === 18 || b === 19)) return "benchmarking address";
  if (a === 192 && b === 0 && c === 0) return "IETF protocol assignment address";
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return "documentation address";
  return null;
}

function embeddedIPv4(hi: number, lo: number): number[] {
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

function privateIPv6Reason(g: number[]): string | null {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return "unspecified address";
  if (zeros(0, 7) && g[7] === 1) return "loopback address";
  // fd00:ec2::254, the AWS metadata service over IPv6.
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && zeros(2, 7) && g[7] === 0x254) return "cloud metadata address";
  // IPv4 inside IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:AABB:CCDD::).
  const inner = (reason: string | null, how: string) => (reason ? `${how} ${reason}` : null);
  if (zeros(0, 5) && g[5] === 0xffff) return inner(privateIPv4Reason(embeddedIPv4(g[6]!, g[7]!)), "IPv4-mapped") ?? null;
  if (zeros(0, 6)) return inner(privateIPv4Reason(embeddedIPv4(g[6]!, g[7]!)), "IPv4-compatible") ?? "IPv4-compatible address";
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return inner(privateIPv4Reason(embeddedIPv4(g[6]!, g[7]!)), "NAT64");
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return "local-use NAT64 address";
  if (g[0] === 0x2002) return inner(privateIPv4Reason(embeddedIPv4(g[1]!, g[2]!)), "6to4");
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return "unique-local address";
  if ((first & 0xffc0) === 0xfe80) return "link-local address";
  if ((first & 0xffc0) === 0xfec0) return "site-local address";
  if ((first & 0xff00) === 0xff00) return "multicast address";
  if (first === 0x2001 && g[1] === 0x0db8) return "documentation address";
  if (first === 0x0100 && zeros(1, 4)) return "discard-only address";
  return null;
}
