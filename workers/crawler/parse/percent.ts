/**
 * Percent-encoding normalisation (RFC 3986 section 6.2.2): escapes of unreserved characters
 * decoded, other escapes upper-cased, raw non-ASCII and unsafe characters encoded as UTF-8.
 * Two spellings of one path ("/%7Euser", "/~user") then compare equal.
 */

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const encoder = new TextEncoder();

function encodeChar(ch: string): string {
  let out = "";
  for (const byte of encoder.encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  return out;
}

/**
 * Normalised form of a URL path (and query). `encodeAlso` lists ASCII characters to encode as
 * well, e.g. a literal "*" or "$" in a URL, which robots.txt patterns spell %2A and %24.
 */
export function normalisePercentEncoding(path: string, encodeAlso = ""): string {
  let out = "";
  for (let i = 0; i < path.length; ) {
    const ch = path[i] as string;
    if (ch === "%" && /^[0-9A-Fa-f]{2}$/.test(path.slice(i + 1, i + 3))) {
      const decoded = String.fromCharCode(Number.parseInt(path.slice(i + 1, i + 3), 16));
      out += UNRESERVED.test(decoded) ? decoded : `%${path.slice(i + 1, i + 3).toUpperCase()}`;
      i += 3;
      continue;
    }
    const code = path.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(code);
    // Controls, spaces and non-ASCII are never valid raw in a URL; encode them as UTF-8 bytes.
    if (code <= 0x20 || code >= 0x7f || encodeAlso.includes(char)) out += encodeChar(char);
    else out += char;
    i += char.length;
  }
  return out;
}
