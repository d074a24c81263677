/**
 * Who this site is to WebAuthn: the relying party id (the host name the page
 * was served from; browsers refuse IP addresses, so local use goes through
 * localhost) and the origins whose signed client data is accepted (the
 * request's own origin and PUBLIC_SITE_URL's).
 */
export const RP_NAME = "Art Snob";

export interface RelyingParty {
  name: string;
  id: string;
  origins: string[];
}

export function relyingPartyFor(request: Request, siteUrl?: string): RelyingParty {
  const url = new URL(request.url);
  const origins = new Set([url.origin]);
  if (siteUrl) {
    try {
      const site = new URL(siteUrl);
      if (site.hostname === url.hostname) origins.add(site.origin);
    } catch {
      // an invalid PUBLIC_SITE_URL only narrows what is accepted
    }
  }
  return { name: RP_NAME, id: url.hostname, origins: [...origins] };
}
