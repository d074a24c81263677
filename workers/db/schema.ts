/**
 * The whole D1 data model, as Drizzle tables. `npm run db:generate` turns changes
 * here into a new SQL file in migrations/; hand-written SQL that Drizzle cannot
 * express (the FTS5 keyword index and its triggers) lives in its own migration.
 *
 * Conventions: integer primary keys (URLs use ids or slugs, never shop URLs);
 * timestamps are integer milliseconds since the epoch; money is integer minor
 * units plus an ISO 4217 currency; JSON columns hold small arrays/objects only.
 */
import { sql } from "drizzle-orm";
import { DISCOVERY_RANK_SQL } from "./discovery-rank";
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;
const createdAt = () => integer("created_at").notNull().default(now);
const updatedAt = () => integer("updated_at").notNull().default(now);

export type Orientation = "portrait" | "landscape" | "square";
export type SizeClass = "small" | "medium" | "large" | "oversize";
export type RenderMode = "never" | "auto" | "always";
export interface SourceSelectors {
  product?: string;
  title?: string;
  artist?: string;
  price?: string;
  image?: string;
  description?: string;
  sizes?: string;
  tags?: string;
}
export interface PaletteColour {
  hex: string;
  name: string;
  weight: number;
}

// ---------------------------------------------------------------- crawling

/** A shop, configured as data: adding a shop needs no code change. */
export const sources = sqliteTable("sources", {
  id: integer("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  baseUrl: text("base_url").notNull(),
  startUrls: text("start_urls", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  sitemapUrls: text("sitemap_urls", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  /** Regular expressions; a URL must match one to be crawled (empty = same host). */
  allowedUrlPatterns: text("allowed_url_patterns", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  productUrlPatterns: text("product_url_patterns", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  renderMode: text("render_mode").$type<RenderMode>().notNull().default("auto"),
  selectors: text("selectors", { mode: "json" }).$type<SourceSelectors | null>(),
  /** e.g. "https://shop.example/{path}?ref=artsnob"; {url} and {path} are substituted. */
  affiliateTemplate: text("affiliate_template"),
  defaultCurrency: text("default_currency"),
  crawlDelayMs: integer("crawl_delay_ms").notNull().default(1000),
  crawlIntervalMinutes: integer("crawl_interval_minutes").notNull().default(1440),
  /** Runs a work may be missing from its sitemap/listings before it is marked unavailable. */
  missingRunsBeforeUnavailable: integer("missing_runs_before_unavailable").notNull().default(3),
  maxPagesPerRun: integer("max_pages_per_run").notNull().default(20000),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  lastRunStartedAt: integer("last_run_started_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const crawlRuns = sqliteTable(
  "crawl_runs",
  {
    id: integer("id").primaryKey(),
    sourceId: integer("source_id").notNull().references(() => sources.id),
    trigger: text("trigger").$type<"cron" | "admin" | "test">().notNull(),
    status: text("status").$type<"running" | "finished" | "failed" | "cancelled">().notNull().default("running"),
    /**
     * discovering: following sitemaps/listings; discovered: one consumer is queueing the
     * verify step; verifying: re-checking known pages discovery no longer led to.
     */
    phase: text("phase").$type<"discovering" | "discovered" | "verifying" | "done">().notNull().default("discovering"),
    startedAt: integer("started_at").notNull().default(now),
    finishedAt: integer("finished_at"),
    pagesQueued: integer("pages_queued").notNull().default(0),
    pagesFetched: integer("pages_fetched").notNull().default(0),
    pagesNotModified: integer("pages_not_modified").notNull().default(0),
    pagesFailed: integer("pages_failed").notNull().default(0),
    pagesSkipped: integer("pages_skipped").notNull().default(0),
    artworksNew: integer("artworks_new").notNull().default(0),
    artworksUpdated: integer("artworks_updated").notNull().default(0),
    artworksUnavailable: integer("artworks_unavailable").notNull().default(0),
    imagesStored: integer("images_stored").notNull().default(0),
    /** {"timeout": 2, "http_500": 1, ...} */
    errorsByKind: text("errors_by_kind", { mode: "json" }).$type<Record<string, number>>().notNull().default(sql`'{}'`),
  },
  (t) => [index("crawl_runs_source_idx").on(t.sourceId, t.startedAt)],
);

/** Latest known state of every URL a source has led us to. */
export const pages = sqliteTable(
  "pages",
  {
    id: integer("id").primaryKey(),
    sourceId: integer("source_id").notNull().references(() => sources.id),
    url: text("url").notNull(),
    kind: text("kind").$type<"robots" | "sitemap" | "listing" | "product" | "image" | "other">().notNull(),
    statusCode: integer("status_code"),
    etag: text("etag"),
    lastModified: text("last_modified"),
    contentHash: text("content_hash"),
    sitemapLastmod: text("sitemap_lastmod"),
    rendered: integer("rendered", { mode: "boolean" }).notNull().default(false),
    outcome: text("outcome"),
    errorKind: text("error_kind"),
    lastError: text("last_error"),
    lastRunId: integer("last_run_id"),
    /** Consecutive runs in which discovery no longer led to this URL. */
    missingRuns: integer("missing_runs").notNull().default(0),
    firstSeenAt: integer("first_seen_at").notNull().default(now),
    fetchedAt: integer("fetched_at"),
  },
  (t) => [uniqueIndex("pages_url_idx").on(t.url), index("pages_source_idx").on(t.sourceId, t.kind)],
);

/**
 * A run's work list: each URL at most once per run (the primary key dedupes),
 * with its state, so a run knows when it is finished and survives restarts.
 */
export const crawlFrontier = sqliteTable(
  "crawl_frontier",
  {
    runId: integer("run_id").notNull().references(() => crawlRuns.id),
    url: text("url").notNull(),
    kind: text("kind").$type<"sitemap" | "listing" | "product" | "verify">().notNull(),
    status: text("status").$type<"queued" | "done" | "failed" | "skipped">().notNull().default("queued"),
    sitemapLastmod: text("sitemap_lastmod"),
    outcome: text("outcome"),
    queuedAt: integer("queued_at").notNull().default(now),
    doneAt: integer("done_at"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.url] }), index("crawl_frontier_status_idx").on(t.runId, t.status)],
);

/** One row per fetch attempt: what happened, so every page leaves a trace. */
export const fetchLog = sqliteTable(
  "fetch_log",
  {
    id: integer("id").primaryKey(),
    runId: integer("run_id").references(() => crawlRuns.id),
    sourceId: integer("source_id").notNull().references(() => sources.id),
    url: text("url").notNull(),
    method: text("method").$type<"fetch" | "browser">().notNull().default("fetch"),
    statusCode: integer("status_code"),
    outcome: text("outcome").notNull(),
    errorKind: text("error_kind"),
    error: text("error"),
    bytes: integer("bytes"),
    durationMs: integer("duration_ms"),
    attempt: integer("attempt").notNull().default(1),
    at: integer("at").notNull().default(now),
  },
  (t) => [index("fetch_log_run_idx").on(t.runId, t.outcome)],
);

/** Work that failed its last retry, with the reason, for an operator to inspect. */
export const deadLetters = sqliteTable("dead_letters", {
  id: integer("id").primaryKey(),
  runId: integer("run_id").references(() => crawlRuns.id),
  url: text("url"),
  errorKind: text("error_kind").notNull(),
  reason: text("reason").notNull(),
  attempts: integer("attempts").notNull(),
  payload: text("payload", { mode: "json" }).$type<unknown>(),
  at: integer("at").notNull().default(now),
});

// ---------------------------------------------------------------- catalogue

/** Images are stored once, keyed by the SHA-256 of their bytes (also the R2 key). */
export const images = sqliteTable("images", {
  hash: text("hash").primaryKey(),
  r2Key: text("r2_key").notNull(),
  contentType: text("content_type").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  bytes: integer("bytes").notNull(),
  thumbnailKey: text("thumbnail_key"),
  createdAt: createdAt(),
});

/** Where an image came from; lets re-crawls skip downloads and send conditional requests. */
export const imageUrls = sqliteTable("image_urls", {
  url: text("url").primaryKey(),
  imageHash: text("image_hash").references(() => images.hash),
  etag: text("etag"),
  lastModified: text("last_modified"),
  status: text("status").$type<"stored" | "rejected" | "failed">().notNull(),
  error: text("error"),
  fetchedAt: integer("fetched_at").notNull().default(now),
});

export const artists = sqliteTable("artists", {
  id: integer("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const artworks = sqliteTable(
  "artworks",
  {
    id: integer("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    artistId: integer("artist_id").references(() => artists.id),
    description: text("description").notNull().default(""),
    medium: text("medium"),
    /** Normalised tag slugs; artwork_tags mirrors them for tag pages. */
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    orientation: text("orientation").$type<Orientation>(),
    /** The largest offered size, in centimetres. */
    widthCm: real("width_cm"),
    heightCm: real("height_cm"),
    sizeClass: text("size_class").$type<SizeClass>(),
    imageHash: text("image_hash").references(() => images.hash),
    palette: text("palette", { mode: "json" }).$type<PaletteColour[] | null>(),
    dominantColour: text("dominant_colour"),
    /** Cheapest available offer, for sorting and filters. */
    minPriceMinor: integer("min_price_minor"),
    currency: text("currency"),
    available: integer("available", { mode: "boolean" }).notNull().default(true),
    unavailableSince: integer("unavailable_since"),
    firstSeenAt: integer("first_seen_at").notNull().default(now),
    lastSeenAt: integer("last_seen_at").notNull().default(now),
    updatedAt: updatedAt(),
    /** The discovery feed's shuffle: a fixed mix of the id, computed by SQLite (migration 0008). */
    discoveryRank: integer("discovery_rank").generatedAlwaysAs(sql.raw(DISCOVERY_RANK_SQL), { mode: "virtual" }),
  },
  (t) => [
    index("artworks_artist_idx").on(t.artistId),
    // One artwork per image: the crawler stores pages side by side, so the database, not a
    // read-then-insert, keeps a second copy from appearing (NULLs stay distinct).
    uniqueIndex("artworks_image_unique").on(t.imageHash),
    index("artworks_available_idx").on(t.available, t.minPriceMinor),
    // Catalogue scale (migration 0008): every hot read is an index range, never a sort of all works.
    index("artworks_discovery_idx").on(t.available, t.discoveryRank),
    index("artworks_artist_available_idx").on(t.artistId, t.available, t.id),
    index("artworks_updated_idx").on(t.updatedAt),
  ],
);

export const artworkTags = sqliteTable(
  "artwork_tags",
  {
    artworkId: integer("artwork_id").notNull().references(() => artworks.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.artworkId, t.tag] }),
    index("artwork_tags_tag_idx").on(t.tag),
    // The artwork page's per-tag rows walk one tag's works by id (migration 0007).
    index("artwork_tags_tag_artwork_idx").on(t.tag, t.artworkId),
  ],
);

/**
 * Every tag ever stored, numbered in the order first seen (migration 0010, filled by a trigger on
 * artwork_tags): the sitemap lists tag pages by id range. Never deleted.
 */
export const tagVocabulary = sqliteTable("tag_vocabulary", {
  id: integer("id").primaryKey(),
  tag: text("tag").notNull().unique("tag_vocabulary_tag_unique"),
});

/** An artwork's listing at one shop. One artwork sold by two shops has two offers. */
export const offers = sqliteTable(
  "offers",
  {
    id: integer("id").primaryKey(),
    artworkId: integer("artwork_id").notNull().references(() => artworks.id),
    sourceId: integer("source_id").notNull().references(() => sources.id),
    pageId: integer("page_id").references(() => pages.id),
    /** Canonical product URL at the shop; used for the affiliate link, never in our URLs. */
    url: text("url").notNull(),
    affiliateUrl: text("affiliate_url").notNull(),
    priceMinor: integer("price_minor"),
    currency: text("currency"),
    available: integer("available", { mode: "boolean" }).notNull().default(true),
    contentHash: text("content_hash"),
    firstSeenAt: integer("first_seen_at").notNull().default(now),
    lastSeenAt: integer("last_seen_at").notNull().default(now),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("offers_url_idx").on(t.url), index("offers_artwork_idx").on(t.artworkId)],
);

export const offerVariants = sqliteTable(
  "offer_variants",
  {
    id: integer("id").primaryKey(),
    offerId: integer("offer_id").notNull().references(() => offers.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    widthCm: real("width_cm"),
    heightCm: real("height_cm"),
    priceMinor: integer("price_minor"),
    currency: text("currency"),
    sku: text("sku"),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("offer_variants_label_idx").on(t.offerId, t.label)],
);

/** Appended whenever an offer's (or a variant's) price changes. */
export const priceHistory = sqliteTable(
  "price_history",
  {
    id: integer("id").primaryKey(),
    offerId: integer("offer_id").notNull().references(() => offers.id),
    variantLabel: text("variant_label"),
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    runId: integer("run_id").references(() => crawlRuns.id),
    observedAt: integer("observed_at").notNull().default(now),
  },
  (t) => [index("price_history_offer_idx").on(t.offerId, t.observedAt)],
);

// ---------------------------------------------------------------- understanding

/** Embedding models known to the deployment; vector index names carry the id. */
export const models = sqliteTable("models", {
  id: text("id").primaryKey(),
  dimensions: integer("dimensions").notNull(),
  description: text("description").notNull().default(""),
  createdAt: createdAt(),
});

/** Per-model embedding status of each artwork's image. */
export const embeddings = sqliteTable(
  "embeddings",
  {
    artworkId: integer("artwork_id").notNull().references(() => artworks.id),
    modelId: text("model_id").notNull().references(() => models.id),
    imageHash: text("image_hash").notNull(),
    status: text("status").$type<"pending" | "embedded" | "pushed" | "failed">().notNull(),
    error: text("error"),
    pushedAt: integer("pushed_at"),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.artworkId, t.modelId] }), index("embeddings_status_idx").on(t.modelId, t.status)],
);

/** Top-K most similar works per work and model ("more like this"). */
export const neighbours = sqliteTable(
  "neighbours",
  {
    modelId: text("model_id").notNull().references(() => models.id),
    artworkId: integer("artwork_id").notNull().references(() => artworks.id),
    rank: integer("rank").notNull(),
    neighbourId: integer("neighbour_id").notNull().references(() => artworks.id),
    score: real("score").notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.artworkId, t.rank] })],
);

export const clusters = sqliteTable(
  "clusters",
  {
    id: integer("id").primaryKey(),
    modelId: text("model_id").notNull().references(() => models.id),
    ordinal: integer("ordinal").notNull(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    size: integer("size").notNull(),
    /** Centre on the 2-D map, for labels. */
    x: real("x"),
    y: real("y"),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("clusters_model_ordinal_idx").on(t.modelId, t.ordinal), uniqueIndex("clusters_model_slug_idx").on(t.modelId, t.slug)],
);

export const clusterRepresentatives = sqliteTable(
  "cluster_representatives",
  {
    clusterId: integer("cluster_id").notNull().references(() => clusters.id, { onDelete: "cascade" }),
    rank: integer("rank").notNull(),
    artworkId: integer("artwork_id").notNull().references(() => artworks.id),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.rank] })],
);

/** 2-D UMAP coordinates for the explore map, and the cluster each work falls in. */
export const mapPoints = sqliteTable(
  "map_points",
  {
    modelId: text("model_id").notNull().references(() => models.id),
    artworkId: integer("artwork_id").notNull().references(() => artworks.id),
    x: real("x").notNull(),
    y: real("y").notNull(),
    clusterId: integer("cluster_id").references((): AnySQLiteColumn => clusters.id),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.artworkId] }),
    // A vibe's works by id, a keyset page at a time (migration 0008).
    index("map_points_cluster_idx").on(t.modelId, t.clusterId, t.artworkId),
  ],
);

/** Pre-encoded query phrases and tags, so search degrades gracefully without the encoder. */
export const queryVectors = sqliteTable(
  "query_vectors",
  {
    modelId: text("model_id").notNull().references(() => models.id),
    text: text("text").notNull(),
    /** Float32 little-endian, L2-normalised. */
    vector: text("vector").notNull(),
    hits: integer("hits").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.text] })],
);

// ---------------------------------------------------------------- visitors

/** Anonymous visitor sessions; the id travels in a signed cookie. */
export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  createdAt: createdAt(),
  lastSeenAt: integer("last_seen_at").notNull().default(now),
});

/** +1 like, -1 dislike; deleting the row is "undo". */
export const reactions = sqliteTable(
  "reactions",
  {
    sessionId: text("session_id").notNull().references(() => sessions.id),
    artworkId: integer("artwork_id").notNull().references(() => artworks.id),
    value: integer("value").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.artworkId] }), index("reactions_artwork_idx").on(t.artworkId)],
);

export const walls = sqliteTable(
  "walls",
  {
    id: integer("id").primaryKey(),
    ownerSessionId: text("owner_session_id").notNull().references(() => sessions.id),
    name: text("name").notNull(),
    /** Unguessable token for the read-only share link; reveals nothing about the owner. */
    shareToken: text("share_token").notNull().unique(),
    /** Wall planner (migration 0006): the real wall, the unit shown, furniture drawn for scale. */
    widthCm: real("width_cm").notNull().default(300),
    heightCm: real("height_cm").notNull().default(250),
    unit: text("unit").$type<"cm" | "in">().notNull().default("cm"),
    furniture: text("furniture").$type<"none" | "sofa" | "sideboard">().notNull().default("none"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("walls_owner_idx").on(t.ownerSessionId)],
);

export const wallItems = sqliteTable(
  "wall_items",
  {
    wallId: integer("wall_id").notNull().references(() => walls.id, { onDelete: "cascade" }),
    artworkId: integer("artwork_id").notNull().references(() => artworks.id),
    position: integer("position").notNull(),
    addedAt: integer("added_at").notNull().default(now),
    /** The frame's outer top-left corner in cm from the wall's top-left; null = laid out automatically. */
    xCm: real("x_cm"),
    yCm: real("y_cm"),
    /** The chosen size variant's label (null = the smallest priced size). */
    variantLabel: text("variant_label"),
    frameColour: text("frame_colour").notNull().default("black"),
    matCm: real("mat_cm").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.wallId, t.artworkId] })],
);

/** Outbound purchase clicks through the affiliate redirect. */
export const clicks = sqliteTable(
  "clicks",
  {
    id: integer("id").primaryKey(),
    sessionId: text("session_id"),
    artworkId: integer("artwork_id").notNull().references(() => artworks.id),
    offerId: integer("offer_id").notNull().references(() => offers.id),
    at: integer("at").notNull().default(now),
  },
  (t) => [index("clicks_artwork_idx").on(t.artworkId), index("clicks_session_idx").on(t.sessionId)],
);

/**
 * What a session was shown lately, so feeds do not repeat themselves: one row per session
 * holding the last RECENTLY_SHOWN_KEPT work ids, newest first (JSON). The personal feed reads
 * one row instead of hundreds, and a visitor's row never grows past the cap (decision 0028).
 */
export const recentlyShown = sqliteTable("recently_shown", {
  sessionId: text("session_id").primaryKey(),
  artworkIds: text("artwork_ids", { mode: "json" }).$type<number[]>().notNull(),
  updatedAt: integer("updated_at").notNull().default(now),
});

/** A session's recent searches, one of the personal feed's candidate sources. */
export const searches = sqliteTable(
  "searches",
  {
    id: integer("id").primaryKey(),
    sessionId: text("session_id"),
    query: text("query").notNull(),
    results: integer("results").notNull(),
    at: integer("at").notNull().default(now),
  },
  (t) => [index("searches_session_idx").on(t.sessionId, t.at)],
);

/**
 * The visitor's history (issue 15, migration 0007, hand-written): likes, dislikes, wall
 * changes and searches, written by triggers on those tables. `history_mute` silences the
 * triggers for a session while undo or a sign-in merge runs (app/server/history.server.ts).
 */
export const historyEvents = sqliteTable(
  "history_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: text("session_id").notNull(),
    kind: text("kind").$type<"react" | "unreact" | "wall_create" | "wall_rename" | "wall_delete" | "wall_add" | "wall_remove" | "search">().notNull(),
    artworkId: integer("artwork_id"),
    wallId: integer("wall_id"),
    searchId: integer("search_id"),
    value: integer("value"),
    previousValue: integer("previous_value"),
    label: text("label"),
    previousLabel: text("previous_label"),
    at: integer("at").notNull().default(now),
    undoneAt: integer("undone_at"),
  },
  (t) => [index("history_events_session_idx").on(t.sessionId, t.id)],
);

export const historyMute = sqliteTable("history_mute", {
  sessionId: text("session_id").primaryKey(),
});

/** A passkey account owns one visitor session id; signing in puts it in the signed cookie. */
export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id").notNull(),
    createdAt: createdAt(),
    lastSignInAt: integer("last_sign_in_at").notNull().default(now),
  },
  (t) => [uniqueIndex("accounts_session_unique").on(t.sessionId)],
);

/** WebAuthn credentials; id is the credential id (base64url), public_key COSE bytes in base64url. */
export const passkeys = sqliteTable(
  "passkeys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    publicKey: text("public_key").notNull(),
    counter: integer("counter").notNull().default(0),
    transports: text("transports", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    deviceType: text("device_type").notNull(),
    backedUp: integer("backed_up", { mode: "boolean" }).notNull().default(false),
    name: text("name").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [index("passkeys_account_idx").on(t.accountId)],
);

/** Single-use WebAuthn challenges with a short expiry. */
export const webauthnChallenges = sqliteTable(
  "webauthn_challenges",
  {
    id: text("id").primaryKey(),
    purpose: text("purpose").$type<"register" | "authenticate">().notNull(),
    challenge: text("challenge").notNull(),
    accountId: text("account_id"),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("webauthn_challenges_expires_idx").on(t.expiresAt)],
);

// ---------------------------------------------------------------- site

/**
 * Small counters the site keys its edge cache by. `catalogue_version` is bumped
 * by a trigger whenever an artwork changes and by every pipeline push.
 */
export const siteState = sqliteTable("site_state", {
  key: text("key").primaryKey(),
  value: integer("value").notNull().default(0),
});

/**
 * Rate-limit counters (app/server/rate-limit.server.ts): one row per bucket
 * (search, upload, write, session) and client key (a session id or a keyed
 * hash of the client's IP, never the IP itself), holding the current window's
 * start, its count and when it ends. One atomic upsert counts a request and
 * starts a new window once the old one has ended; ended rows are pruned now
 * and then.
 */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull().default(1),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.key] }), index("rate_limits_expires_idx").on(t.expiresAt)],
);
