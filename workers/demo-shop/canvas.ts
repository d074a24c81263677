/**
 * A tiny rasteriser that paints palette *slots* (0 = primary colour, 1..3 = secondaries)
 * instead of RGB. Shapes have hard edges, so every pixel belongs to exactly one named colour
 * and the colour shares promised by the catalogue hold after shading.
 */

export type Point = readonly [x: number, y: number];

export class IndexCanvas {
  readonly slots: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    fill = 0,
  ) {
    this.slots = new Uint8Array(width * height).fill(fill);
  }

  /** Fills pixels x0 <= x < x1 of row y, clipped to the canvas. */
  fillSpan(y: number, x0: number, x1: number, slot: number): void {
    if (y < 0 || y >= this.height) return;
    const a = Math.max(0, Math.round(x0));
    const b = Math.min(this.width, Math.round(x1));
    if (b > a) this.slots.fill(slot, y * this.width + a, y * this.width + b);
  }

  fillRect(x: number, y: number, w: number, h: number, slot: number): void {
    const y0 = Math.max(0, Math.round(y));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let row = y0; row < y1; row++) this.fillSpan(row, x, x + w, slot);
  }

  /** Paints every pixel whose centre satisfies `inside`, within a bounding box. */
  fillWhere(x0: number, y0: number, x1: number, y1: number, slot: number, inside: (x: number, y: number) => boolean): void {
    const ya = Math.max(0, Math.floor(y0));
    const yb = Math.min(this.height - 1, Math.ceil(y1));
    const xa = Math.max(0, Math.floor(x0));
    const xb = Math.min(this.width - 1, Math.ceil(x1));
    for (let y = ya; y <= yb; y++) {
      const rowStart = y * this.width;
      for (let x = xa; x <= xb; x++) {
        if (inside(x + 0.5, y + 0.5)) this.slots[rowStart + x] = slot;
      }
    }
  }

  fillCircle(cx: number, cy: number, r: number, slot: number): void {
    const r2 = r * r;
    this.fillWhere(cx - r, cy - r, cx + r, cy + r, slot, (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r2);
  }

  /** Ellipse with radii rx, ry rotated by `angle` radians. */
  fillEllipse(cx: number, cy: number, rx: number, ry: number, angle: number, slot: number): void {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const reach = Math.max(rx, ry);
    this.fillWhere(cx - reach, cy - reach, cx + reach, cy + reach, slot, (x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * cos + dy * sin) / rx;
      const v = (-dx * sin + dy * cos) / ry;
      return u * u + v * v <= 1;
    });
  }

  /** Scanline fill (even-odd) sampling pixel centres. */
  fillPolygon(points: readonly Point[], slot: number): void {
    if (points.length < 3) return;
    const ys = points.map((p) => p[1]);
    const yTop = Math.max(0, Math.floor(Math.min(...ys)));
    const yBottom = Math.min(this.height - 1, Math.ceil(Math.max(...ys)));
    for (let y = yTop; y <= yBottom; y++) {
      const sy = y + 0.5;
      const crossings: number[] = [];
      for (let i = 0; i < points.length; i++) {
        const [ax, ay] = points[i] as Point;
        const [bx, by] = points[(i + 1) % points.length] as Point;
        if ((ay <= sy && by > sy) || (by <= sy && ay > sy)) {
          crossings.push(ax + ((sy - ay) / (by - ay)) * (bx - ax));
        }
      }
      crossings.sort((a, b) => a - b);
      for (let i = 0; i + 1 < crossings.length; i += 2) {
        const from = Math.ceil((crossings[i] as number) - 0.5);
        const to = Math.floor((crossings[i + 1] as number) - 0.5) + 1;
        this.fillSpan(y, from, to, slot);
      }
    }
  }

  /** A straight stroke of width `w` with round ends. */
  strokeLine(a: Point, b: Point, w: number, slot: number): void {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    const nx = (-dy / len) * (w / 2);
    const ny = (dx / len) * (w / 2);
    this.fillPolygon(
      [
        [a[0] + nx, a[1] + ny],
        [b[0] + nx, b[1] + ny],
        [b[0] - nx, b[1] - ny],
        [a[0] - nx, a[1] - ny],
      ],
      slot,
    );
    this.fillCircle(a[0], a[1], w / 2, slot);
    this.fillCircle(b[0], b[1], w / 2, slot);
  }

  /** Paints, for each column x, the rows from `top(x)` (inclusive) down to `bottom(x)` (exclusive). */
  fillColumns(top: (x: number) => number, bottom: (x: number) => number, slot: number): void {
    for (let x = 0; x < this.width; x++) {
      const y0 = Math.max(0, Math.round(top(x + 0.5)));
      const y1 = Math.min(this.height, Math.round(bottom(x + 0.5)));
      for (let y = y0; y < y1; y++) this.slots[y * this.width + x] = slot;
    }
  }

  /** Share of pixels holding `slot` (the renderer uses it to keep the primary colour dominant). */
  share(slot: number): number {
    let n = 0;
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i] === slot) n++;
    return n / this.slots.length;
  }
}
