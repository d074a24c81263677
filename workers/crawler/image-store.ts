/**
 * Downloads an artwork image once, validates it, and stores it in R2 under the
 * SHA-256 of its bytes, so the same image from two pages or two shops is one
 * object and one row. A URL seen before is not downloaded again.
 */
import { eq } from "drizzle-orm";
import * as schema from "../db/schema";
import { d1Batch } from "../lib/d1-batch";
import { sha256Hex } from "../lib/hash";
import type { Db } from "./catalogue-store";
import type { DnsGuard } from "./dns-guard";
import { CrawlFetchError, fetchWithLimits, IMAGE_LIMITS, type FetchedResponse } from "./fetcher";
import { ImageRejectedError, validateImage } from "./image-sniff";

export interface StoredImage {
  hash: string;
  width: number;
  height: number;
  contentType: string;
  /** false when the URL was already known and nothing was downloaded. */
  downloaded: boolean;
}

export class ImageStoreError extends Error {
  constructor(readonly kind: string, message: string, readonly transient = false) {
    super(message);
  }
}

export interface ImageFetchDeps {
  db: Db;
  bucket: R2Bucket;
  userAgent: string;
  allowedPrivateHosts: Set<string>;
  dns?: DnsGuard;
  /** Runs the request inside the host's politeness slot. */
  politely: (run: () => Promise<FetchedResponse>) => Promise<FetchedResponse>;
}

export const imageKey = (hash: string) => `images/${hash}`;

export async function storeImageFromUrl(deps: ImageFetchDeps, imageUrl: string): Promise<StoredImage> {
  const known = await deps.db.query.imageUrls.findFirst({ where: eq(schema.imageUrls.url, imageUrl) });
  if (known?.status === "stored" && known.imageHash) {
    const image = await deps.db.query.images.findFirst({ where: eq(schema.images.hash, known.imageHash) });
    if (image) return { hash: image.hash, width: image.width, height: image.height, contentType: image.contentType, downloaded: false };
  }

  let response: FetchedResponse;
  try {
    response = await deps.politely(() =>
      fetchWithLimits({ url: imageUrl, userAgent: deps.userAgent, allowedPrivateHosts: deps.allowedPrivateHosts, dns: deps.dns, limits: IMAGE_LIMITS, accept: "image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8" }),
    );
  } catch (error) {
    if (!(error instanceof CrawlFetchError)) throw error;
    if (!error.transient) await recordUrl(deps.db, imageUrl, null, "rejected", error.message);
    throw new ImageStoreError(`image_${error.kind}`, `image ${imageUrl}: ${error.message}`, error.transient);
  }
  if (response.status !== 200) {
    const transient = response.status === 429 || response.status >= 500;
    if (!transient) await recordUrl(deps.db, imageUrl, null, "failed", `HTTP ${response.status}`);
    throw new ImageStoreError(`image_http_${response.status}`, `image ${imageUrl} answered HTTP ${response.status}`, transient);
  }

  let sniffed;
  try {
    sniffed = validateImage(response.body, response.headers.get("Content-Type"));
  } catch (error) {
    if (error instanceof ImageRejectedError) {
      await recordUrl(deps.db, imageUrl, null, "rejected", error.message);
      throw new ImageStoreError(`image_${error.kind}`, `image ${imageUrl} rejected: ${error.message}`);
    }
    throw error;
  }

  const hash = await sha256Hex(response.body);
  const key = imageKey(hash);
  if (!(await deps.bucket.head(key))) {
    await deps.bucket.put(key, response.body, { httpMetadata: { contentType: sniffed.type, cacheControl: "public, max-age=31536000, immutable" } });
  }
  // The image row and its URL's row in one round trip (a batch is one transaction).
  await d1Batch(deps.db, [
    deps.db
      .insert(schema.images)
      .values({ hash, r2Key: key, contentType: sniffed.type, width: sniffed.width, height: sniffed.height, bytes: response.body.byteLength })
      .onConflictDoNothing(),
    urlWrite(deps.db, imageUrl, hash, "stored", null, response.headers),
  ]);
  return { hash, width: sniffed.width, height: sniffed.height, contentType: sniffed.type, downloaded: true };
}

async function recordUrl(db: Db, url: string, imageHash: string | null, status: "stored" | "rejected" | "failed", error: string | null, headers?: Headers) {
  await urlWrite(db, url, imageHash, status, error, headers);
}

function urlWrite(db: Db, url: string, imageHash: string | null, status: "stored" | "rejected" | "failed", error: string | null, headers?: Headers) {
  const values = { url, imageHash, status, error, etag: headers?.get("ETag") ?? null, lastModified: headers?.get("Last-Modified") ?? null, fetchedAt: Date.now() };
  return db.insert(schema.imageUrls).values(values).onConflictDoUpdate({ target: schema.imageUrls.url, set: values });
}
