/**
 * Where a buy click goes. Only to an http(s) URL on the host of the offer's
 * own shop (its base URL or its affiliate template): a tampered or scraped
 * affiliate URL can never turn the redirect into an open redirect.
 */
export interface OutboundTarget {
  url: string;
  artworkId: number;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url.replace(/\{(url|path)\}/g, "")).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export function belongsToSource(target: string, baseUrl: string, affiliateTemplate: string | null): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  const host = url.hostname.toLowerCase();
  const allowed = [hostOf(baseUrl), hostOf(affiliateTemplate)].filter((h): h is string => h !== null);
  return allowed.some((h) => host === h || host.endsWith(`.${h.replace(/^www\./, "")}`) || host === h.replace(/^www\./, ""));
}

export async function outboundUrl(db: D1Database, offerId: number): Promise<OutboundTarget | null> {
  const row = await db
    .prepare(
      `SELECT o.artwork_id AS artworkId, o.url, o.affiliate_url AS affiliateUrl, s.base_url AS baseUrl, s.affiliate_template AS affiliateTemplate
       FROM offers o JOIN sources s ON s.id = o.source_id WHERE o.id = ?`,
    )
    .bind(offerId)
    .first<{ artworkId: number; url: string; affiliateUrl: string; baseUrl: string; affiliateTemplate: string | null }>();
  if (!row) return null;
  if (belongsToSource(row.affiliateUrl, row.baseUrl, row.affiliateTemplate)) return { url: row.affiliateUrl, artworkId: row.artworkId };
  if (belongsToSource(row.url, row.baseUrl, null)) return { url: row.url, artworkId: row.artworkId };
  return null;
}
