/**
 * Keeps the K best rows of a brute-force scan without sorting every row.
 * Equal keys are ordered by id, so results are deterministic.
 */
export class TopK {
  private readonly keys: number[] = [];
  private readonly rows: number[] = [];

  constructor(
    private readonly k: number,
    private readonly idOf: (row: number) => string,
  ) {}

  /** Offers a row with its higher-is-better key. */
  offer(key: number, row: number): void {
    const size = this.keys.length;
    if (size === this.k && !this.before(key, row, this.keys[size - 1]!, this.rows[size - 1]!)) return;
    let at = size === this.k ? size - 1 : size;
    // Shift worse entries down; K is at most 100, so a linear walk is cheapest.
    while (at > 0 && this.before(key, row, this.keys[at - 1]!, this.rows[at - 1]!)) {
      this.keys[at] = this.keys[at - 1]!;
      this.rows[at] = this.rows[at - 1]!;
      at--;
    }
    this.keys[at] = key;
    this.rows[at] = row;
  }

  /** Best first. */
  result(): { key: number; row: number }[] {
    return this.keys.map((key, i) => ({ key, row: this.rows[i]! }));
  }

  private before(key: number, row: number, otherKey: number, otherRow: number): boolean {
    if (key !== otherKey) return key > otherKey;
    return this.idOf(row) < this.idOf(otherRow);
  }
}
