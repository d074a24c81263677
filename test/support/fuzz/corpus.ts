/**
 * Hostile building blocks for the fuzz generators. URL pieces are given
 * already percent-encoded (printable ASCII only, so any HTTP client can send
 * them as they are); text values are raw strings that the generators encode.
 */
import type { Rng } from "./random";

/** Path segments: traversal, encodings, numbers, injections. Printable ASCII, sent as is. */
export const PATH_SEGMENTS = [
  "..",
  ".",
  "%2e%2e",
  "%2E%2E",
  "%2e",
  ".%2e",
  "%2e%2e%2f",
  "..%2f..%2f..%2fetc%2fpasswd",
  "..%5c..%5cwindows",
  "%252e%252e",
  "a%2Fb",
  "a%2fb%2f..%2f..",
  "%00",
  "a%00b",
  "%0d%0aSet-Cookie:%20x=1",
  "%",
  "%%",
  "%zz",
  "%e",
  "%C0%AF",
  "%C0%AE%C0%AE",
  "%E0%80%AF",
  "%F0%80%80%AF",
  "%ED%A0%80",
  "%FF%FE",
  "%FE%FF%00%00",
  "%EF%BB%BF",
  "%E2%80%AE%E2%80%AD",
  "%E2%80%8F",
  "%F0%9F%98%80",
  "%F0%9F%91%A9%E2%80%8D%F0%9F%8E%A8",
  "%CC%81%CC%81%CC%81",
  "-1",
  "0",
  "00",
  "01",
  "1.5",
  "1e3",
  "1e309",
  "0x10",
  "NaN",
  "Infinity",
  "9007199254740993",
  "99999999999999999999999999",
  "%20",
  "+",
  "%2B1",
  "'%20OR%201=1--",
  "1;DROP%20TABLE%20artworks",
  "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "%3Cimg%20src=x%20onerror=alert(1)%3E",
  "javascript:alert(1)",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "null",
  "undefined",
  "true",
  "%7B%7D",
  "[]",
  "*",
  "~",
  ";jsessionid=x",
  "a;b=c",
  "%3F",
  "%23",
  "%26",
  "@",
  "!$&'()*+,;=",
] as const;

/** Raw text values for query strings, JSON strings and form fields. */
export const TEXT_VALUES = [
  "",
  " ",
  "\t\n",
  "\u0000",
  "a\u0000b",
  "\u202e\u202dreversed",
  "\u200f\u200e",
  "\ufeffbom",
  "\ud800",
  "\udfff\ud800",
  "😀",
  "👩‍🎨 art",
  "e\u0301\u0301\u0301",
  "Ｆｕｌｌｗｉｄｔｈ",
  "١٢٣",
  "\"",
  "\"unterminated",
  "\"\" AND \"\"",
  "NEAR(red blue)",
  "NEAR(",
  "red OR",
  "AND OR NOT",
  "* OR *",
  "-red",
  "^start",
  "title:red",
  "{title artist}: red",
  "red*",
  "(((((",
  ")",
  "' OR '1'='1",
  "1; DROP TABLE artworks; --",
  "%' UNION SELECT * FROM sessions --",
  "\\",
  "\\x00",
  "<script>alert(1)</script>",
  "\"><svg onload=alert(1)>",
  "javascript:alert(1)",
  "{{7*7}}",
  "${7*7}",
  "../../etc/passwd",
  "%",
  "%zz",
  "%C0%AF",
  "under $",
  "under $-5",
  "under $99999999999999999999",
  "between 100 and 50 euros",
  "50-120 euros 80-10 dollars",
  "red blue green yellow orange purple pink brown black white grey",
  "portrait landscape square",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "__proto__",
  "constructor",
  "null",
] as const;

/** Words that name Object.prototype's members: a lookup table indexed by visitor text must not find them. */
export const PROTOTYPE_WORDS = ["constructor", "__proto__", "prototype", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__defineGetter__", "__lookupSetter__"] as const;

/**
 * The values a systematic sweep puts, one at a time, into every parameter of
 * every route (the random requests combine them; the sweep makes sure each
 * one reaches each parameter alone). Raw text; generators encode it.
 */
export const SWEEP_VALUES: readonly string[] = [
  ...PROTOTYPE_WORDS,
  "",
  " ",
  "%",
  "%zz",
  "\u0000",
  "\ud800",
  "\u202e",
  "😀",
  "-1",
  "0",
  "1e309",
  "NaN",
  "9007199254740993",
  "'",
  "\"",
  "<script>alert(1)</script>",
  "NEAR(",
  "*",
  "../..",
  "x".repeat(5000),
];

/** Words the search box and forms understand, to combine with hostile ones. */
const VOCABULARY = ["red", "Blue", "gray", "sea", "portrait", "landscape", "square", "large", "small", "oversize", "under", "over", "$80", "80", "€50", "£", "euros", "dollars", "between", "and", "to", "-", "like", "skip", "dislike", "NEAR", "OR", "AND", "NOT", "*", "\"", "(", ")", ":", "^"] as const;

/** Raw text: a hostile value, or one to five words mixing hostile, prototype and meaningful ones. */
export function hostileText(rng: Rng): string {
  if (rng.chance(0.5)) return rng.pick(TEXT_VALUES);
  const words = Array.from({ length: rng.between(1, 5) }, () => rng.weighted<string>([
    [3, rng.pick(PROTOTYPE_WORDS)],
    [5, rng.pick(VOCABULARY)],
    [2, rng.pick(TEXT_VALUES)],
  ]));
  return words.join(rng.chance(0.9) ? " " : rng.pick(["  ", "\t", ",", "+"]));
}

/** Numbers and lookalikes for numeric parameters (page, step, cursor, limit, w...). */
export const NUMBER_TEXTS = [
  "-1",
  "0",
  "1",
  "2",
  "24",
  "99",
  "100",
  "101",
  "1000",
  "99999",
  "100000",
  "9007199254740993",
  "1e3",
  "1.5",
  " 1",
  "1 ",
  "+1",
  "0x10",
  "NaN",
  "Infinity",
  "-Infinity",
  "١",
  "",
  "abc",
] as const;

export const BAD_JSON_BODIES = [
  "",
  " ",
  "{",
  "}",
  "[",
  "{\"value\":}",
  "{'value':1}",
  "{\"value\":1,}",
  "{value:1}",
  "{\"value\":1}garbage",
  "{\"a\":1}{\"b\":2}",
  "nul",
  "tru",
  "\u0000",
  "{\"value\":\"\\ud800\"",
  "{\"value\":01}",
  "{\"value\":.5}",
  "{\"value\":+1}",
  "{\"value\":NaN}",
  "{\"value\":Infinity}",
  "{\"name\":\"\\x41\"}",
  "{\"name\":\"\\u12\"}",
  "\ufeff{\"value\":1}",
  "/* comment */ {\"value\":1}",
  "{\"value\":1} // comment",
] as const;

/** Well-formed JSON of the wrong shape, type or range. */
export const WRONG_TYPE_BODIES = [
  "null",
  "true",
  "0",
  "\"value\"",
  "[]",
  "{}",
  "[1,2,3]",
  "{\"value\":\"1\"}",
  "{\"value\":true}",
  "{\"value\":null}",
  "{\"value\":[1]}",
  "{\"value\":{\"$gt\":0}}",
  "{\"value\":2}",
  "{\"value\":-2}",
  "{\"value\":0.5}",
  "{\"value\":1e400}",
  "{\"value\":-0}",
  "{\"value\":1,\"value\":\"x\"}",
  "{\"__proto__\":{\"value\":1}}",
  "{\"constructor\":{\"prototype\":{\"value\":1}}}",
  "{\"name\":123}",
  "{\"name\":null}",
  "{\"name\":[\"a\"]}",
  "{\"name\":\"\"}",
  "{\"name\":\"   \"}",
  "{\"name\":\"\\u0000\"}",
  "{\"name\":\"\\ud800\"}",
  "{\"name\":\"\\u202e\\u202dwall\"}",
  "{\"name\":\"<script>alert(1)</script>\"}",
  "{\"artworkId\":\"1\"}",
  "{\"artworkId\":-1}",
  "{\"artworkId\":0}",
  "{\"artworkId\":1.5}",
  "{\"artworkId\":9007199254740993}",
  "{\"artworkId\":999999}",
  "{\"artworkIds\":\"1,2\"}",
  "{\"artworkIds\":[1,1,1]}",
  "{\"artworkIds\":[1,\"2\",null]}",
  "{\"artworkIds\":[999999,1]}",
  "{\"artworkIds\":[-5]}",
  "{\"artworkIds\":[]}",
  "{\"artworkIds\":{\"0\":1,\"length\":1}}",
] as const;

export const JSON_CONTENT_TYPES = [
  null,
  "",
  "text/plain",
  "text/plain;charset=UTF-8",
  "application/json; charset=utf-16",
  "application/jsonx",
  "application/json-patch+json",
  "APPLICATION/JSON",
  "application/json;;;",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=",
  "multipart/form-data; boundary=zz",
  "image/png",
  "*/*",
  "application/octet-stream",
  "text/html",
  "application/" + "x".repeat(2000),
] as const;

export const IMAGE_CONTENT_TYPES = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "IMAGE/PNG; charset=binary",
  "image/svg+xml",
  "image/",
  "image/png, image/jpeg",
  "application/json",
  "text/plain",
  null,
  "",
] as const;

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PURGE", "PROPFIND", "COPY", "MOVE", "SEARCH", "REPORT", "LOCK", "patch"] as const;

export const ORIGINS = [null, "https://evil.test", "null", "https://art-snob.test.evil.test", "http://localhost", "not a url", "file://", "https://xn--rt-snob-6ya.test"] as const;

/** Bodies with odd bytes: invalid UTF-8, overlongs, NULs, BOMs. */
export function oddBytes(rng: Rng): Uint8Array<ArrayBuffer> {
  const pieces: number[][] = [
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xff, 0xfe],
    [0xef, 0xbb, 0xbf],
    [0x00],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0x7b, 0x22],
    [0xe2, 0x80, 0xae],
  ];
  const out: number[] = [];
  const n = rng.between(1, 12);
  for (let i = 0; i < n; i++) out.push(...(rng.chance(0.7) ? rng.pick(pieces) : [rng.int(256)]));
  return new Uint8Array(out);
}

/** Query-string text as sent: sometimes percent-encoded, sometimes raw hostile escapes. */
export function queryText(rng: Rng, value: string): string {
  if (rng.chance(0.2)) return rng.pick(PATH_SEGMENTS);
  return encodeQueryValue(value);
}

/** encodeURIComponent that survives lone surrogates (they become %EF%BF%BD, as a browser would send). */
export function encodeQueryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "\ufffd"));
  }
}
