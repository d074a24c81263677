import { Link } from "@remix-run/react";
import type { ArtworkCard } from "../server/artworks.server";
import { formatPrice } from "../utils/format";
import { altText, imageUrl } from "../utils/images";

/** The grid every list of works uses: image, title, artist, cheapest price. */
export function ArtworkGrid({ works, label, eager = 0 }: { works: ArtworkCard[]; label: string; eager?: number }) {
  return (
    <ul className="grid" aria-label={label}>
      {works.map((work, i) => (
        <li key={work.id} className="card" data-artwork-id={work.id}>
          <Link to={`/artworks/${work.slug}`} className="card-link">
            {work.imageHash ? (
              <img
                src={imageUrl(work.imageHash, 320)}
                srcSet={`${imageUrl(work.imageHash, 320)} 320w, ${imageUrl(work.imageHash, 640)} 640w`}
                sizes="(max-width: 480px) 50vw, 240px"
                alt={altText(work.title, work.artist)}
                loading={i < eager ? "eager" : "lazy"}
                width={320}
                height={320}
              />
            ) : (
              <span className="no-image" aria-hidden="true" />
            )}
            <span className="title">{work.title}</span>
          </Link>
          {work.artist ? <span className="artist">{work.artist}</span> : null}
          <span className="price">{formatPrice(work.priceMinor, work.currency)}</span>
        </li>
      ))}
    </ul>
  );
}
