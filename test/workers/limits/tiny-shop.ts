/**
 * A shop of 20,000 works that exists only inside a limit test: robots.txt allows all,
 * /sitemap.xml lists every work (or, for the million-URL trial, is an index of /sitemaps/N.xml), each work's page is a minimal JSON-LD product and its
 * image a 16x16 PNG of its own colour. Each work is its own artwork (no two pages share
 * an image), so a crawl stores 20,000 artworks as a real shop's would, cheaply.
 */
export const TINY_ORIGIN = "http://127.0.0.1:9";
export const TINY_WORKS = 20_000;

export const workUrl = (n: number) => `${TINY_ORIGIN}/works/${n}`;
export const workNumber = (url: string) => Number(/\/works\/(\d+)$/.exec(url)?.[1] ?? 0);
const imageUrl = (n: number) => `${TINY_ORIGIN}/images/${n}.png`;

export function tinySitemap(works = TINY_WORKS): string {
  const rows = Array.from({ length: works }, (_, i) => `<url><loc>${workUrl(i + 1)}</loc><lastmod>2026-11-0${(i % 9) + 1}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${rows.join("\n")}\n</urlset>\n`;
}

/** URLs per part of the sitemap index: the protocol's cap (the crawler reads no more of a file). */
export const PART_URLS = 50_000;
/** Each part repeats this many URLs of the part before it: a crawl must store each work once. */
export const PART_OVERLAP = 100;
const PART_STEP = PART_URLS - PART_OVERLAP;

export const sitemapParts = (works: number) => Math.max(1, Math.ceil((works - PART_OVERLAP) / PART_STEP));

/** /sitemap-index.xml: parts of PART_URLS URLs covering works 1..works. The first part is listed twice. */
export function tinySitemapIndex(works: number): string {
  const rows = Array.from({ length: sitemapParts(works) }, (_, k) => `<sitemap><loc>${TINY_ORIGIN}/sitemaps/${k + 1}.xml?works=${works}</loc></sitemap>`);
  rows.push(rows[0]!);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${rows.join("\n")}\n</sitemapindex>\n`;
}

function sitemapPart(part: number, works: number): string {
  const first = (part - 1) * PART_STEP + 1;
  const last = Math.min(works, first + PART_URLS - 1);
  const rows: string[] = [];
  for (let n = first; n <= last; n++) rows.push(`<url><loc>${workUrl(n)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${rows.join("\n")}\n</urlset>\n`;
}

function productPage(n: number): string {
  const product = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: `Study ${n}`,
    image: imageUrl(n),
    brand: { "@type": "Brand", name: `Painter ${n % 50}` },
    offers: { "@type": "Offer", price: `${100 + (n % 400)}.00`, priceCurrency: "EUR", availability: "https://schema.org/InStock" },
  };
  return `<!doctype html><html><head><title>Study ${n}</title><script type="application/ld+json">${JSON.stringify(product)}</script></head><body><h1>Study ${n}</h1></body></html>`;
}

/** Answers the shop's URLs; null for any other origin. */
export function tinyShopResponse(url: URL, sitemapXml: string): Response | null {
  if (url.origin !== TINY_ORIGIN) return null;
  if (url.pathname === "/robots.txt") return new Response("User-agent: *\nAllow: /\n", { headers: { "Content-Type": "text/plain" } });
  if (url.pathname === "/sitemap.xml") return new Response(sitemapXml, { headers: { "Content-Type": "application/xml" } });
  const part = /^\/sitemaps\/(\d+)\.xml$/.exec(url.pathname);
  if (part) return new Response(sitemapPart(Number(part[1]), Number(url.searchParams.get("works") ?? TINY_WORKS)), { headers: { "Content-Type": "application/xml" } });
  const work = /^\/works\/(\d+)$/.exec(url.pathname);
  if (work) return new Response(productPage(Number(work[1])), { headers: { "Content-Type": "text/html; charset=utf-8" } });
  const image = /^\/images\/(\d+)\.png$/.exec(url.pathname);
  if (image) return new Response(solidPng(Number(image[1])), { headers: { "Content-Type": "image/png" } });
  return new Response("not here", { status: 404 });
}

// ---- a valid PNG without a compressor: one stored (uncompressed) deflate block

const SIDE = 16;

function solidPng(n: number): Uint8Array<ArrayBuffer> {
  const rgb = [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff | 0x40];
  const raw = new Uint8Array(SIDE * (1 + SIDE * 3));
  for (let y = 0; y < SIDE; y++) {
    const row = y * (1 + SIDE * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIDE; x++) raw.set(rgb, row + 1 + x * 3);
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, SIDE);
  view.setUint32(4, SIDE);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlibStored(raw)),
    chunk("IEND", new Uint8Array()),
  ]);
}

function zlibStored(data: Uint8Array): Uint8Array {
  const len = data.length; // under 65,535: one block
  const header = new Uint8Array([0x78, 0x01, 0x01, len & 0xff, len >> 8, ~len & 0xff, (~len >> 8) & 0xff]);
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return concat([header, data, u32(((b << 16) | a) >>> 0)]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([new TextEncoder().encode(type), data]);
  return concat([u32(data.length), typed, u32(crc32(typed))]);
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
