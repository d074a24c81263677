/**
 * "Match my room": a photo of the visitor's room, two points of a known
 * distance marked on it to set the scale, and the wall's frames drawn on the
 * photo at that scale (drag them, or move them with the arrow keys). The
 * photo's dominant colours, mapped to the site's colour names, lead to the
 * colour search. The photo never leaves the browser: it is read from the
 * file input into an object URL and a small canvas, and nothing is uploaded.
 */
import { Link } from "@remix-run/react";
import { type KeyboardEvent, type PointerEvent, useEffect, useId, useRef, useState } from "react";
import { imageUrl } from "../../utils/images";
import { FRAME_COLOURS, FRAME_MOULDING_CM, MAT_COLOUR, type PrintSize, type WallLayout, formatLength, fromUnit } from "./geometry";
import { type DrawnWork, frameBox } from "./WallDrawing";
import { dominantSwatches, type Swatch, type SwatchShare } from "./room-colours";

interface Point {
  x: number;
  y: number;
}

interface Suggestion {
  id: number;
  slug: string;
  title: string;
  imageHash: string | null;
}

export function RoomMatch(props: { layout: WallLayout; works: ReadonlyMap<number, DrawnWork>; sizes: Record<string, PrintSize[]>; swatches: readonly Swatch[] }) {
  const { layout, works, sizes } = props;
  const id = useId();
  const [photo, setPhoto] = useState<{ url: string; w: number; h: number } | null>(null);
  const [points, setPoints] = useState<Point[]>([]);
  const [distance, setDistance] = useState(100);
  const [offset, setOffset] = useState<Point | null>(null);
  const [colours, setColours] = useState<SwatchShare[]>([]);
  const [suggestions, setSuggestions] = useState<Record<string, Suggestion[]>>({});
  const svg = useRef<SVGSVGElement | null>(null);
  const drag = useRef<{ dx: number; dy: number; pointerId: number } | null>(null);
  const unit = layout.unit;
  // useId's ":r1:" made safe for a url(#...) reference.
  const clipId = `room-photo-clip-${id.replace(/[^\w-]/g, "")}`;

  useEffect(() => () => (photo ? URL.revokeObjectURL(photo.url) : undefined), [photo]);

  const onFile = (file: File | undefined) => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      setPhoto({ url, w: img.naturalWidth, h: img.naturalHeight });
      setPoints([]);
      setOffset(null);
      const found = dominantSwatches(img, props.swatches);
      setColours(found);
      setSuggestions({});
      for (const c of found) {
        fetch(`/api/search?colour=${encodeURIComponent(c.name)}`)
          .then((r) => (r.ok ? (r.json() as Promise<{ results?: Suggestion[] }>) : null))
          .then((body) => {
            const results = (body?.results ?? []).slice(0, 4);
            setSuggestions((s) => ({ ...s, [c.name]: results }));
          })
          .catch(() => undefined);
      }
    };
    img.src = url;
  };

  const toImage = (event: { clientX: number; clientY: number }): Point | null => {
    const matrix = svg.current?.getScreenCTM();
    if (!matrix) return null;
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: p.x, y: p.y };
  };

  const pxPerCm = points.length === 2 && distance > 0 ? Math.hypot(points[1]!.x - points[0]!.x, points[1]!.y - points[0]!.y) / fromUnit(distance, unit) : null;

  // The frames' bounding box on the wall, so the group can be placed on the photo.
  const boxes = layout.items.flatMap((item) => {
    const box = frameBox(item, sizes[String(item.artworkId)] ?? []);
    const work = works.get(item.artworkId);
    return box && work ? [{ item, box, work }] : [];
  });
  const bounds = boxes.reduce(
    (b, { box }) => ({ x0: Math.min(b.x0, box.x), y0: Math.min(b.y0, box.y), x1: Math.max(b.x1, box.x + box.w), y1: Math.max(b.y1, box.y + box.h) }),
    { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity },
  );
  const centre: Point | null = points.length === 2 ? { x: (points[0]!.x + points[1]!.x) / 2, y: (points[0]!.y + points[1]!.y) / 2 } : null;
  const place = offset ?? centre;

  const onSvgPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (points.length >= 2) return;
    const p = toImage(event);
    if (p) setPoints((ps) => [...ps, p]);
  };
  const onGroupPointerDown = (event: PointerEvent<SVGGElement>) => {
    const p = toImage(event);
    if (!p || !place) return;
    event.stopPropagation();
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { dx: p.x - place.x, dy: p.y - place.y, pointerId: event.pointerId };
  };
  const onGroupPointerMove = (event: PointerEvent<SVGGElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    const p = toImage(event);
    if (p) setOffset({ x: p.x - d.dx, y: p.y - d.dy });
  };
  const onGroupKey = (event: KeyboardEvent<SVGGElement>) => {
    if (!place || !pxPerCm) return;
    const step = (event.shiftKey ? 10 : 1) * pxPerCm;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const d = delta[event.key];
    if (!d) return;
    event.preventDefault();
    setOffset({ x: place.x + d[0], y: place.y + d[1] });
  };

  const marker = photo ? Math.max(photo.w, photo.h) / 120 : 4;
  return (
    <section className="room-match" aria-labelledby={`${id}-heading`} data-room-match>
      <h2 id={`${id}-heading`}>Match my room</h2>
      <p>
        Upload a photo of the wall in your room, then click two points whose distance you know (the width of a sofa, a door frame) and type that distance. The frames
        appear on the photo at that scale.{" "}
        <strong>The photo stays in your browser: it is never uploaded or stored.</strong>
      </p>
      <div className="room-controls">
        <label>
          Room photo
          <input type="file" accept="image/*" name="roomPhoto" onChange={(e) => onFile(e.currentTarget.files?.[0])} data-room-photo-input />
        </label>
        <label>
          Distance between the two points ({unit})
          <input
            type="number"
            min={1}
            step="any"
            name="roomDistance"
            value={distance}
            onChange={(e) => setDistance(Number(e.currentTarget.value))}
            data-room-distance
          />
        </label>
        <button type="button" className="secondary small" onClick={() => (setPoints([]), setOffset(null))} disabled={points.length === 0}>
          Mark the points again
        </button>
      </div>
      <p className="room-status" role="status" aria-live="polite" data-room-status={pxPerCm ? "scaled" : photo ? `points-${points.length}` : "empty"}>
        {!photo
          ? "No photo yet."
          : points.length < 2
            ? `Click point ${points.length + 1} of 2 on the photo.`
            : pxPerCm
              ? `Scale set: ${formatLength(fromUnit(distance, unit), unit)} is ${Math.round(pxPerCm * fromUnit(distance, unit))} pixels of the photo (${(pxPerCm * fromUnit(1, unit)).toFixed(1)} px per ${unit}). Drag the frames or move them with the arrow keys.`
              : "Type the distance between the points."}
      </p>
      {photo ? (
        <svg
          ref={svg}
          className="room-photo"
          viewBox={`0 0 ${photo.w} ${photo.h}`}
          role="group"
          aria-label="Your room photo with the wall's frames"
          onPointerDown={onSvgPointerDown}
          data-room-svg
          data-px-per-cm={pxPerCm ?? ""}
        >
          {/* The frames are cut at the photo's edges: the drawing's box can be wider than the photo. */}
          <clipPath id={clipId}>
            <rect x={0} y={0} width={photo.w} height={photo.h} />
          </clipPath>
          <image href={photo.url} x={0} y={0} width={photo.w} height={photo.h} />
          {points.map((p, i) => (
            <circle key={i} cx={p.x} cy={p.y} r={marker} className="room-point" data-room-point={i} />
          ))}
          {points.length === 2 ? <line x1={points[0]!.x} y1={points[0]!.y} x2={points[1]!.x} y2={points[1]!.y} className="room-measure" strokeWidth={marker / 2} /> : null}
          {pxPerCm && place && boxes.length > 0 ? (
            <g clipPath={`url(#${clipId})`}>
              <g
                transform={`translate(${place.x} ${place.y}) scale(${pxPerCm}) translate(${-(bounds.x0 + bounds.x1) / 2} ${-(bounds.y0 + bounds.y1) / 2})`}
                tabIndex={0}
                role="button"
                aria-roledescription="movable group of frames"
                aria-label="The wall's frames on your photo. Drag, or use the arrow keys to move (Shift: 10 cm)."
                onPointerDown={onGroupPointerDown}
                onPointerMove={onGroupPointerMove}
                onPointerUp={() => (drag.current = null)}
                onKeyDown={onGroupKey}
                className="room-frames"
                data-room-frames
              >
                {boxes.map(({ item, box, work }) => {
                  const m = item.frame === "none" ? 0 : FRAME_MOULDING_CM;
                  return (
                    <g key={item.artworkId} data-room-frame={item.artworkId}>
                      {m > 0 ? <rect x={box.x} y={box.y} width={box.w} height={box.h} fill={FRAME_COLOURS[item.frame]} /> : null}
                      {item.matCm > 0 ? <rect x={box.x + m} y={box.y + m} width={box.w - 2 * m} height={box.h - 2 * m} fill={MAT_COLOUR} /> : null}
                      <rect x={box.x + m + item.matCm} y={box.y + m + item.matCm} width={box.size.widthCm} height={box.size.heightCm} fill="#d9d4cc" />
                      {work.imageHash ? (
                        <image
                          href={imageUrl(work.imageHash, 320)}
                          x={box.x + m + item.matCm}
                          y={box.y + m + item.matCm}
                          width={box.size.widthCm}
                          height={box.size.heightCm}
                          preserveAspectRatio="xMidYMid slice"
                        />
                      ) : null}
                    </g>
                  );
                })}
              </g>
            </g>
          ) : null}
        </svg>
      ) : null}
      {colours.length > 0 ? (
        <div className="room-colours" data-room-colours>
          <h3>Your room’s colours</h3>
          <ul>
            {colours.map((c) => (
              <li key={c.name} data-room-colour={c.name}>
                <span className="swatch" style={{ background: c.hex }} aria-hidden="true" /> {c.name} ({Math.round(c.share * 100)}%) ·{" "}
                <Link to={`/search?colour=${encodeURIComponent(c.name)}`}>Works in {c.name}</Link>
                {(suggestions[c.name] ?? []).length > 0 ? (
                  <ul className="room-suggestions" aria-label={`Works in ${c.name}`}>
                    {suggestions[c.name]!.map((s) => (
                      <li key={s.id}>
                        <Link to={`/artworks/${s.slug}`}>
                          {s.imageHash ? <img src={imageUrl(s.imageHash, 320)} alt="" width={64} height={64} loading="lazy" /> : null}
                          <span>{s.title}</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
