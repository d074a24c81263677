/**
 * What a benchmark is: one file in bench/benchmarks/ that exports `name` and `run(ctx)`, and
 * optionally `title` and `order`. `run` measures a hot path and a baseline in the same run and
 * returns rows; the harness prints them, judges them against their targets and merges them into
 * docs/benchmarks.md. Figures are ratios to a baseline measured alongside, never absolute
 * timings compared with a constant.
 */

export interface Target {
  /** The ratio (or value) must be >= or <= `value`. */
  op: ">=" | "<=";
  value: number;
  /** How the target reads in the table, e.g. ">= 0.85 of bare"; default "<op> <value>". */
  text?: string;
}

export type Verdict = "pass" | "MISS" | "info" | "skipped";

export interface Row {
  /** Stable key within the benchmark: a later run replaces the row with the same id. */
  id: string;
  /** What was measured, as the table's first column shows it. */
  label: string;
  measured: string;
  baseline: string;
  /** Hot path relative to the baseline (or the value the target applies to); null: not measured. */
  ratio: number | null;
  /** How to print the ratio, e.g. "0.91x"; default: 3 significant digits. */
  ratioText?: string;
  target?: Target;
  /** Computed by the harness from ratio and target, unless set (e.g. "skipped"). */
  verdict?: Verdict;
  /** For a miss: why, and what would close it. Otherwise an optional remark. */
  note?: string;
  /** A supporting measurement (sweeps, sub-steps): listed under the benchmark's details. */
  detail?: boolean;
}

export interface BenchContext {
  /** Small sizes, for a few minutes in all (`--quick`). */
  quick: boolean;
  /** Sizes too slow for the whole suite's 30 minutes, measured rather than extrapolated (`--full`). */
  full: boolean;
  /** A folder of its own, removed after the benchmark. */
  tmpDir: string;
  /** One progress line per step, with the time since the benchmark started. */
  step(message: string): void;
}

export interface BenchModule {
  name: string;
  title?: string;
  /** Position in the table; benchmarks without one follow, by name. */
  order?: number;
  /** What the benchmark does and on what data, for the report. */
  description?: string;
  run(ctx: BenchContext): Promise<Row[]>;
}
