/**
 * One composer per style. Each paints palette slots on an IndexCanvas: slot 0 is the work's
 * primary colour, slots 1..k its k secondaries. Every composer budgets areas so the primary
 * covers at least ~60% of the canvas by construction (the catalogue promises >= 55%).
 */
import type { IndexCanvas, Point } from "./canvas.ts";
import type { Rng } from "./random.ts";
import type { Style } from "./types.ts";

export type Composer = (canvas: IndexCanvas, rng: Rng, secondaryCount: number) => void;

/** Splits `total` into `parts` random shares, none below half an equal share. */
function splitBudget(rng: Rng, total: number, parts: number): number[] {
  const weights = Array.from({ length: parts }, () => rng.range(0.5, 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (w / sum) * total);
}

/** A gentle wobble, so hand-painted edges are not ruler-straight. */
function wobble(rng: Rng, amplitude: number): (t: number) => number {
  const f1 = rng.range(0.02, 0.06);
  const f2 = rng.range(0.08, 0.15);
  const p1 = rng.range(0, Math.PI * 2);
  const p2 = rng.range(0, Math.PI * 2);
  return (t) => amplitude * (0.7 * Math.sin(t * f1 + p1) + 0.3 * Math.sin(t * f2 + p2));
}

/** Rothko-like: soft-edged blocks stacked along the long side on a primary ground. */
const colourField: Composer = (canvas, rng, k) => {
  const { width: W, height: H } = canvas;
  const vertical = H >= W;
  const along = vertical ? H : W;
  const across = vertical ? W : H;
  const slots = k === 1 ? [1, 1] : Array.from({ length: k }, (_, i) => i + 1);
  const budget = splitBudget(rng, rng.range(0.26, 0.34), slots.length);
  const margin = Math.round(across * rng.range(0.08, 0.12));
  const breadth = across - 2 * margin;
  const gap = Math.round(along * 0.05);
  const thickness = budget.map((b) => (b * W * H) / breadth);
  const used = thickness.reduce((a, b) => a + b, 0) + gap * (slots.length - 1);
  let cursor = (along - used) / 2 + rng.range(-0.25, 0.25) * (along - used) * 0.5;
  slots.forEach((slot, i) => {
    const start = cursor;
    const end = cursor + (thickness[i] ?? 0);
    const sideA = wobble(rng, 1.6);
    const sideB = wobble(rng, 1.6);
    const edgeA = wobble(rng, 1.6);
    const edgeB = wobble(rng, 1.6);
    // Edges precomputed per line: evaluating sines per pixel made this the slowest style.
    const startEdge = Float64Array.from({ length: across }, (_, c) => start + edgeA(c + 0.5));
    const endEdge = Float64Array.from({ length: across }, (_, c) => end + edgeB(c + 0.5));
    const first = Math.max(0, Math.floor(start - 3));
    const last = Math.min(along, Math.ceil(end + 3));
    for (let a = first; a < last; a++) {
      const centre = a + 0.5;
      const from = Math.max(0, Math.ceil(margin + sideA(centre) - 0.5));
      const to = Math.min(across, Math.ceil(across - margin + sideB(centre) - 0.5));
      for (let c = from; c < to; c++) {
        if (centre >= (startEdge[c] ?? 0) && centre < (endEdge[c] ?? 0)) {
          canvas.slots[vertical ? a * W + c : c * W + a] = slot;
        }
      }
    }
    cursor = end + gap;
  });
};

/** Repeating bands: vertical, horizontal or diagonal; the primary band is the widest. */
const stripes: Composer = (canvas, rng, k) => {
  const { width: W, height: H } = canvas;
  const direction = rng.pick(["vertical", "horizontal", "diagonal-up", "diagonal-down"] as const);
  const along = direction === "vertical" ? W : direction === "horizontal" ? H : Math.min(W, H);
  // A period of at most 1/8 of the image keeps the leftover partial period from skewing shares.
  const unit = rng.int(20, Math.max(21, Math.min(64, Math.floor(along / 8))));
  const budget = splitBudget(rng, rng.range(0.24, 0.32), k);
  const bounds: number[] = [];
  let edge = (1 - budget.reduce((a, b) => a + b, 0)) * unit;
  for (const b of budget) {
    bounds.push(edge);
    edge += b * unit;
  }
  const phase = rng.range(0, unit);
  // The stripe coordinate is linear in x and y: t = ax * x + ay * y + c.
  const r = Math.SQRT1_2;
  const [ax, ay, c0] =
    direction === "vertical" ? [1, 0, 0] : direction === "horizontal" ? [0, 1, 0] : direction === "diagonal-up" ? [r, r, 0] : [r, -r, H * r];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const t = ax * (x + 0.5) + ay * (y + 0.5) + c0 + phase;
      const m = ((t % unit) + unit) % unit;
      if (m < (bounds[0] ?? unit)) continue;
      let slot = 1;
      while (slot < k && m >= (bounds[slot] ?? unit)) slot++;
      canvas.slots[y * W + x] = slot;
    }
  }
};

/** Bauhaus-like shapes, one per grid cell so they never overlap, on a primary ground. */
const geometric: Composer = (canvas, rng, k) => {
  const { width: W, height: H } = canvas;
  const [cols, rows] = W > H ? [4, 3] : H > W ? [3, 4] : [3, 3];
  const cellW = W / cols;
  const cellH = H / rows;
  const cells = rng.shuffle(Array.from({ length: cols * rows }, (_, i) => i));
  const budget = splitBudget(rng, rng.range(0.26, 0.34), k);
  let next = 0;
  budget.forEach((share, i) => {
    const count = Math.max(1, Math.ceil((share * cols * rows) / 0.5));
    const area = (share * W * H) / count;
    for (let n = 0; n < count && next < cells.length; n++) {
      const cell = cells[next++] ?? 0;
      const x0 = (cell % cols) * cellW;
      const y0 = Math.floor(cell / cols) * cellH;
      const room = Math.min(cellW, cellH) - 6;
      const shape = rng.pick(["circle", "square", "triangle", "diamond"] as const);
      const slot = i + 1;
      const cx = x0 + cellW / 2;
      const cy = y0 + cellH / 2;
      if (shape === "circle") {
        const r = Math.min(Math.sqrt(area / Math.PI), room / 2);
        canvas.fillCircle(cx, cy, r, slot);
      } else if (shape === "square") {
        const s = Math.min(Math.sqrt(area), room);
        canvas.fillRect(cx - s / 2, cy - s / 2, s, s, slot);
      } else if (shape === "triangle") {
        const s = Math.min(Math.sqrt(2 * area), room);
        canvas.fillPolygon([[cx, cy - s / 2], [cx + s / 2, cy + s / 2], [cx - s / 2, cy + s / 2]], slot);
      } else {
        const d = Math.min(Math.sqrt(2 * area), room);
        canvas.fillPolygon([[cx, cy - d / 2], [cx + d / 2, cy], [cx, cy + d / 2], [cx - d / 2, cy]], slot);
      }
    }
  });
};

/** Sky, rolling ground, distant hills and a low sun. The primary is either the sky or the ground. */
const landscape: Composer = (canvas, rng, k) => {
  const { width: W, height: H } = canvas;
  const skyPrimary = rng.chance(0.5);
  const primaryTarget = rng.range(0.6, 0.66);
  const sunShare = rng.range(0.025, 0.04);
  const hillShare = k >= 3 ? rng.range(0.04, 0.06) : 0;
  const skySlot = skyPrimary ? 0 : 1;
  const groundSlot = skyPrimary ? 1 : 0;
  const sunSlot = k >= 2 ? 2 : skyPrimary ? 1 : 0;
  const skyShare = skyPrimary ? primaryTarget + sunShare + hillShare : 1 - primaryTarget;
  const horizonAt = skyShare * H;
  const swell = H * 0.015;
  const cycles = rng.int(1, 2);
  const phase = rng.range(0, Math.PI * 2);
  // Whole sine periods across the width, so the mean horizon stays where the budget put it.
  const horizon = (x: number): number => horizonAt + swell * Math.sin((2 * Math.PI * cycles * x) / W + phase);
  canvas.fillColumns(() => 0, horizon, skySlot);
  canvas.fillColumns(horizon, () => H, groundSlot);
  const hillMax = (hillShare * H) / 0.55;
  if (hillShare > 0) {
    const hillPhase = rng.range(0, Math.PI * 2);
    const hillCycles = rng.int(2, 3);
    canvas.fillColumns(
      (x) => horizon(x) - hillMax * (0.55 + 0.45 * Math.sin((2 * Math.PI * hillCycles * x) / W + hillPhase)),
      horizon,
      3,
    );
  }
  const r = Math.sqrt((sunShare * W * H) / Math.PI);
  const cx = rng.range(r + 4, W - r - 4);
  const highest = horizonAt - swell - hillMax - r - 4;
  const cy = highest > r + 4 ? rng.range(r + 4, highest) : r + 4;
  canvas.fillCircle(cx, cy, r, sunSlot);
};

/** Sea, sky, a lighthouse on a rock and wave lines. The primary is either the sea or the sky. */
const seascape: Composer = (canvas, rng, k) => {
  const { width: W, height: H } = canvas;
  const seaPrimary = rng.chance(0.5);
  const primaryTarget = rng.range(0.6, 0.66);
  const towerHeight = H * rng.range(0.22, 0.3);
  const baseWidth = Math.max(10, W * rng.range(0.06, 0.09));
  const topWidth = baseWidth * 0.65;
  const lanternHeight = towerHeight * 0.14;
  const roofHeight = towerHeight * 0.12;
  const rockRx = baseWidth * 1.1;
  const rockRy = H * 0.025;
  const towerArea = ((baseWidth + topWidth) / 2) * towerHeight + topWidth * lanternHeight + (topWidth * 1.2 * roofHeight) / 2;
  // Half the rock lies below the horizon, half above.
  const rockHalf = (Math.PI * rockRx * rockRy) / 2;
  const waveShare = rng.range(0.02, 0.035);
  const seaSlot = seaPrimary ? 0 : 1;
  const skySlot = seaPrimary ? 1 : 0;
  const towerSlot = k >= 2 ? 2 : seaPrimary ? 0 : 1;
  const waveSlot = k >= 3 ? 3 : k >= 2 ? 2 : seaPrimary ? 1 : 0;
  const seaShare = seaPrimary ? primaryTarget + waveShare + rockHalf / (W * H) : 1 - primaryTarget - (towerArea + rockHalf) / (W * H);
  const horizon = Math.round((1 - seaShare) * H);
  canvas.fillRect(0, 0, W, horizon, skySlot);
  canvas.fillRect(0, horizon, W, H - horizon, seaSlot);
  const lines = Math.max(2, Math.round((waveShare * H) / 2));
  const waveAmp = rng.range(1.5, 3.5);
  const waveFreq = rng.range(0.04, 0.09);
  for (let i = 0; i < lines; i++) {
    const y = horizon + ((i + 0.6) / lines) * (H - horizon - 4);
    const phase = rng.range(0, Math.PI * 2);
    canvas.fillColumns(
      (x) => y + waveAmp * Math.sin(x * waveFreq + phase),
      (x) => y + 2 + waveAmp * Math.sin(x * waveFreq + phase),
      waveSlot,
    );
  }
  const cx = rng.range(0.15, 0.85) * W;
  canvas.fillEllipse(cx, horizon, rockRx, rockRy, 0, towerSlot);
  const top = horizon - towerHeight;
  canvas.fillPolygon(
    [[cx - baseWidth / 2, horizon], [cx + baseWidth / 2, horizon], [cx + topWidth / 2, top], [cx - topWidth / 2, top]],
    towerSlot,
  );
  canvas.fillRect(cx - topWidth / 2, top - lanternHeight, topWidth, lanternHeight, towerSlot);
  canvas.fillPolygon(
    [[cx - topWidth * 0.6, top - lanternHeight], [cx + topWidth * 0.6, top - lanternHeight], [cx, top - lanternHeight - roofHeight]],
    towerSlot,
  );
};

/** Stems with leaves and a bloom each, added until the secondary budget is spent. */
const botanical: Composer = (canvas, rng, k) => {
  const { width: W, height: H } = canvas;
  const minSide = Math.min(W, H);
  const budget = rng.range(0.26, 0.34) * W * H;
  const leafSlot = 1;
  const petalSlot = k >= 2 ? 2 : 1;
  const centreSlot = k >= 3 ? 3 : 0;
  let spent = 0;
  for (let attempt = 0; attempt < 60 && spent < budget * 0.9; attempt++) {
    const baseX = rng.range(0.1, 0.9) * W;
    const topY = rng.range(0.12, 0.5) * H;
    const topX = baseX + rng.range(-0.12, 0.12) * W;
    const stemWidth = rng.range(3, 5);
    const leaves = rng.int(2, 4);
    const leafRx = minSide * rng.range(0.05, 0.08);
    const leafRy = leafRx * 0.38;
    const petals = rng.int(5, 8);
    const petalRx = minSide * rng.range(0.035, 0.06);
    const petalRy = petalRx * 0.45;
    const centreR = petalRx * 0.55;
    const stemLength = Math.hypot(topX - baseX, H - topY);
    const area =
      stemLength * stemWidth + leaves * Math.PI * leafRx * leafRy + petals * Math.PI * petalRx * petalRy + Math.PI * centreR ** 2;
    if (spent + area > budget) continue;
    spent += area;
    const midX = (baseX + topX) / 2 + rng.range(-0.05, 0.05) * W;
    const midY = (H + topY) / 2;
    const bend: Point[] = [[baseX, H + 2], [midX, midY], [topX, topY]];
    canvas.strokeLine(bend[0] as Point, bend[1] as Point, stemWidth, leafSlot);
    canvas.strokeLine(bend[1] as Point, bend[2] as Point, stemWidth, leafSlot);
    for (let l = 0; l < leaves; l++) {
      const t = 0.3 + (0.55 * (l + 0.5)) / leaves;
      const [px, py] = t < 0.5 ? lerp(bend[0] as Point, bend[1] as Point, t * 2) : lerp(bend[1] as Point, bend[2] as Point, (t - 0.5) * 2);
      const side = l % 2 === 0 ? 1 : -1;
      // Tilted up and away from the stem (y grows downwards).
      const angle = -side * rng.range(0.3, 0.7);
      canvas.fillEllipse(px + side * leafRx * 0.85 * Math.cos(angle), py + leafRx * 0.85 * Math.sin(angle) * side, leafRx, leafRy, angle, leafSlot);
    }
    for (let p = 0; p < petals; p++) {
      const a = (p / petals) * Math.PI * 2;
      canvas.fillEllipse(topX + Math.cos(a) * petalRx, topY + Math.sin(a) * petalRx, petalRx, petalRy, a, petalSlot);
    }
    canvas.fillCircle(topX, topY, centreR, centreSlot);
  }
};

function lerp(a: Point, b: Point, t: number): Point {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

export const COMPOSERS: Readonly<Record<Style, Composer>> = {
  "colour-field": colourField,
  stripes,
  geometric,
  landscape,
  botanical,
  seascape,
};
