import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { AddToWall } from "../components/AddToWall";
import { ArtworkGrid } from "../components/ArtworkGrid";
import { ReactionButtons } from "../components/ReactionButtons";
import { type ArtworkPagePart, artworkPagePart } from "../server/artwork-page.server";
import { cacheHeaders } from "../server/cache";
import { catalogueVersionStatement, versionFrom } from "../server/catalogue-version.server";
import { currentSessionId } from "../server/session.server";
import { personalStateFrom, personalStateStatements } from "../server/walls.server";
import { formatCm, formatPrice } from "../utils/format";
import { loaderHeaders } from "../utils/headers";
import { altText, imageUrl } from "../utils/images";
import { socialMeta } from "../utils/meta";
import { tagWords } from "../utils/tags";

export const headers = loaderHeaders;

interface Data extends ArtworkPagePart {
  personal: { reaction: 1 | -1 | 0; walls: { id: number; name: string; contains: boolean }[] } | null;
  origin: string;
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const env = context.cloudflare.env;
  const db = env.DB;
  const slug = params.slug ?? "";
  if (!/^[a-z0-9][a-z0-9-]{0,199}$/.test(slug)) throw new Response("No such artwork", { status: 404 });
  const sessionId = await currentSessionId(request, env);
  // One round trip: the catalogue version and the visitor's reaction and walls. The rest of the
  // page is the same for everyone and comes from the fragment cache under that version.
  const [versionRow, reactionRow, wallRows] = await db.batch([
    catalogueVersionStatement(db),
    ...(sessionId ? personalStateStatements(db, sessionId, slug) : []),
  ]);
  const part = await artworkPagePart(db, env.ACTIVE_MODEL, slug, versionFrom(versionRow));
  if (!part) throw new Response("No such artwork", { status: 404 });
  const personal = sessionId ? personalStateFrom(reactionRow, wallRows) : null;
  const origin = env.PUBLIC_SITE_URL || new URL(request.url).origin;
  return Response.json({ ...part, personal, origin } satisfies Data, { headers: cacheHeaders(personal !== null) });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const d = data as Data | undefined;
  if (!d) return [{ title: "Artwork not found — Art Snob" }];
  const { work, origin } = d;
  const by = work.artist ? ` by ${work.artist}` : "";
  const price = work.priceMinor !== null ? `, from ${formatPrice(work.priceMinor, work.currency)}` : "";
  return socialMeta({
    title: `${work.title}${by} — Art Snob`,
    description: `${work.title}${by}${price}. ${work.description}`.slice(0, 280),
    url: `${origin}/artworks/${work.slug}`,
    image: work.imageHash ? `${origin}${imageUrl(work.imageHash, 640)}` : undefined,
    imageAlt: altText(work.title, work.artist),
    type: "product",
  });
};

export default function ArtworkPage() {
  const { work, similar, moreByArtist: more, tagRows, personal } = useLoaderData<Data>();
  const cheapest = work.offers.find((o) => o.id === work.cheapestOfferId) ?? null;
  const size = formatCm(work.widthCm, work.heightCm);
  return (
    <article className="artwork" aria-labelledby="artwork-title">
      <div className="artwork-main">
        <figure className="artwork-figure">
          {work.imageHash ? (
            <img
              src={imageUrl(work.imageHash, 640)}
              srcSet={`${imageUrl(work.imageHash, 640)} 640w, ${imageUrl(work.imageHash)} ${work.imageWidth ?? 1200}w`}
              sizes="(max-width: 800px) 100vw, 640px"
              alt={altText(work.title, work.artist)}
              width={work.imageWidth ?? undefined}
              height={work.imageHeight ?? undefined}
            />
          ) : null}
        </figure>
        <div className="artwork-info">
          <h1 id="artwork-title">{work.title}</h1>
          {work.artist ? (
            <p className="artwork-artist">
              by {work.artistSlug ? <Link to={`/artists/${work.artistSlug}`}>{work.artist}</Link> : work.artist}
            </p>
          ) : null}
          {!work.available ? <p className="notice" role="status">This work is no longer available at its shop.</p> : null}
          {cheapest ? (
            <div className="buy">
              <p className="buy-price">
                {formatPrice(cheapest.priceMinor, cheapest.currency)} <span className="muted">at {cheapest.shop}</span>
              </p>
              <a className="button buy-button" href={`/go/${cheapest.id}`} rel="sponsored nofollow">
                Buy at {cheapest.shop}
              </a>
            </div>
          ) : null}
          <div className="artwork-actions">
            <ReactionButtons artworkId={work.id} current={personal?.reaction ?? 0} />
            <AddToWall artworkId={work.id} walls={personal?.walls ?? []} />
          </div>
          {size || work.medium ? (
            <p className="muted">
              {[work.medium, size ? `up to ${size}` : null, work.orientation].filter(Boolean).join(" · ")}
            </p>
          ) : null}
          {work.offers.length > 0 ? (
            <section aria-labelledby="sizes-heading">
              <h2 id="sizes-heading">Sizes and prices</h2>
              {work.offers.map((offer) => {
                const variants = offer.variants.length > 0 ? offer.variants : [{ label: "One size", widthCm: null, heightCm: null, priceMinor: offer.priceMinor, currency: offer.currency }];
                // A label that already says the dimensions ("30 × 40 cm") needs no second column saying them again.
                const showDimensions = !variants.every((v) => labelStatesDimensions(v.label, v.widthCm, v.heightCm));
                return (
                <table key={offer.id} className="sizes">
                  <caption>
                    {offer.shop}
                    {offer.id === work.cheapestOfferId && work.offers.length > 1 ? " (cheapest)" : ""}
                    {!offer.available ? " (sold out)" : ""}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Size</th>
                      {showDimensions ? <th scope="col">Dimensions</th> : null}
                      <th scope="col">Price</th>
                    </tr>
                  </thead>
                  <tbody>
                    {variants.map((v) => (
                      <tr key={v.label}>
                        <td>{v.label}</td>
                        {showDimensions ? <td>{formatCm(v.widthCm, v.heightCm) ?? "—"}</td> : null}
                        <td>{formatPrice(v.priceMinor, v.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                  {offer.id !== work.cheapestOfferId && offer.available ? (
                    <tfoot>
                      <tr>
                        <td colSpan={showDimensions ? 3 : 2}>
                          <a href={`/go/${offer.id}`} rel="sponsored nofollow">Buy at {offer.shop}</a>
                        </td>
                      </tr>
                    </tfoot>
                  ) : null}
                </table>
                );
              })}
            </section>
          ) : null}
          {work.palette.length > 0 ? (
            <section aria-labelledby="palette-heading">
              <h2 id="palette-heading">Colours</h2>
              <ul className="palette">
                {paletteByName(work.palette).map((c) => (
                  <li key={c.hex + c.name}>
                    <span className="swatch" style={{ background: c.hex }} aria-hidden="true" />
                    <Link to={`/search?colour=${encodeURIComponent(c.name)}`}>{c.name}</Link> <span className="muted">{Math.round(c.weight * 100)}%</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {work.tags.length > 0 ? (
            <section aria-labelledby="tags-heading">
              <h2 id="tags-heading">Tags</h2>
              <ul className="tags">
                {work.tags.map((tag) => (
                  <li key={tag}>
                    <Link to={`/tags/${encodeURIComponent(tag)}`}>#{tag}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {work.description ? <p className="description">{work.description}</p> : null}
        </div>
      </div>
      {similar.length > 0 ? (
        <section aria-labelledby="similar-heading">
          <h2 id="similar-heading">Similar works</h2>
          <ArtworkGrid works={similar} label="Similar works" />
        </section>
      ) : null}
      {more.length > 0 && work.artist ? (
        <section aria-labelledby="more-heading">
          <h2 id="more-heading">More by {work.artist}</h2>
          <ArtworkGrid works={more} label={`More by ${work.artist}`} />
        </section>
      ) : null}
      {tagRows.map((row) => (
        <section key={row.tag} aria-labelledby={`tag-row-${row.tag}`} className="tag-row" data-tag-row={row.tag}>
          <h2 id={`tag-row-${row.tag}`}>
            More tagged <Link to={`/tags/${encodeURIComponent(row.tag)}`}>#{row.tag}</Link>
          </h2>
          <ArtworkGrid works={row.works} label={`More tagged ${tagWords(row.tag)}`} />
        </section>
      ))}
    </article>
  );
}

/** True when a size label already gives both dimensions ("30 × 40 cm", "40x30cm"). */
function labelStatesDimensions(label: string, widthCm: number | null, heightCm: number | null): boolean {
  if (widthCm === null || heightCm === null) return false;
  const numbers = (label.match(/\d+(?:[.,]\d+)?/g) ?? []).map((n) => Math.round(Number(n.replace(",", "."))));
  return numbers.includes(Math.round(widthCm)) && numbers.includes(Math.round(heightCm));
}

/** One entry per colour name (the palette namer can name two shades alike): weights summed, the heaviest shade's hex. */
function paletteByName<T extends { name: string; hex: string; weight: number }>(palette: readonly T[]): T[] {
  const byName = new Map<string, T>();
  for (const c of palette) {
    const seen = byName.get(c.name);
    if (!seen) byName.set(c.name, { ...c });
    else byName.set(c.name, { ...(c.weight > seen.weight ? c : seen), weight: seen.weight + c.weight });
  }
  return [...byName.values()].sort((a, b) => b.weight - a.weight);
}
