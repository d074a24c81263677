/**
 * The map as one picture, for the server render and browsers without JavaScript: the overview's
 * density cells as discs (size by count, colour by cluster) and the largest vibes' names as
 * links to their pages, placed so that no two overlap. Cheap at any catalogue size: it draws
 * at most 32 x 32 cells.
 */
import type { MapOverview } from "../server/map.server";
import { clusterColour, placeLabels, unit } from "./map-view";

const WIDTH = 1000;
const FONT = 22;

export function MapOverviewPicture({ overview }: { overview: MapOverview }) {
  const aspect = overview.aspect > 0 ? overview.aspect : 1;
  const height = Math.round(WIDTH / aspect);
  const pad = 24;
  const innerW = WIDTH - 2 * pad;
  const innerH = height - 2 * pad;
  const side = Math.min(innerW, innerH) / 2 ** overview.level;
  const most = overview.cells.reduce((m, c) => Math.max(m, c[2]), 1);
  const labels = placeLabels(
    overview.clusters
      .slice()
      .sort((a, b) => b.size - a.size)
      .map((c) => ({ item: c, x: pad + c.x * innerW, y: pad + c.y * innerH, w: c.name.length * FONT * 0.58 + 16, h: FONT + 10 })),
    WIDTH,
    height,
  );
  return (
    <svg className="map-overview" viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-labelledby="map-overview-title">
      <title id="map-overview-title">{`Where the ${overview.total.toLocaleString("en")} works sit: each disc is a group of similar works`}</title>
      {overview.cells.map((c, i) => (
        <circle
          key={i}
          cx={(pad + unit(c[0]) * innerW).toFixed(1)}
          cy={(pad + unit(c[1]) * innerH).toFixed(1)}
          r={Math.max(1.5, (side / 2) * (0.3 + 0.7 * Math.sqrt(c[2] / most))).toFixed(1)}
          fill={clusterColour(c[3], 0.55)}
        />
      ))}
      {labels.map(({ item, box }) => (
        <a key={item.slug} href={`/vibes/${item.slug}`} data-cluster={item.slug}>
          <rect x={box.x} y={box.y} width={box.w} height={box.h} rx={8} fill="rgba(255,255,255,0.9)" />
          <text x={box.x + box.w / 2} y={box.y + box.h / 2} fontSize={FONT} textAnchor="middle" dominantBaseline="central" fill={clusterColour(item.ordinal)}>
            {item.name}
          </text>
        </a>
      ))}
    </svg>
  );
}
