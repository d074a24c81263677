/**
 * Sizes a benchmark reads from an environment variable (SCALE_SIZES=1000,100000): two or more
 * whole numbers, smallest first, the first being the baseline. A bad list stops the benchmark
 * with a message naming the variable, before any fixture is built.
 */
export function sizesFromEnv(name: string, text: string, options: { min: number; max?: number }): number[] {
  const sizes = text.split(",").map((part) => Number(part.trim()));
  const valid =
    sizes.length >= 2 &&
    sizes.every((n) => Number.isInteger(n) && n >= options.min && (options.max === undefined || n <= options.max)) &&
    sizes.every((n, i) => i === 0 || n > sizes[i - 1]!);
  if (!valid) {
    const range = options.max === undefined ? `at least ${options.min}` : `from ${options.min} to ${options.max}`;
    throw new Error(`${name} must be two or more whole numbers ${range}, smallest first, separated by commas (got "${text}")`);
  }
  return sizes;
}
