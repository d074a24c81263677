/** The crawler's honest identity: a bot name robots.txt can address, a version and a contact URL. */
export const BOT_TOKEN = "ArtSnobBot";
export const BOT_VERSION = "1.0";

export function crawlerUserAgent(contactUrl: string): string {
  return `Mozilla/5.0 (compatible; ${BOT_TOKEN}/${BOT_VERSION}; +${contactUrl})`;
}
