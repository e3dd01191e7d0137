// Argument checks shared by the statistics functions: they throw RangeError on input that has no meaning.

/**
 * Checks a confidence level.
 *
 * @param level - confidence level, strictly between 0 and 1 (e.g. 0.95)
 * @throws RangeError when `level` is not in (0, 1)
 */
export function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
}

/**
 * Checks a count: a non-negative integer.
 *
 * @param name - the argument's name, for the error message
 * @param value - the count
 * @throws RangeError when `value` is not a non-negative integer
 */
export function checkCount(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/**
 * Checks a sample summary: `n` a count, `sd` not negative.
 *
 * @param name - the argument's name, for the error message
 * @param s - the summary
 * @throws RangeError when `n` is not a count or `sd` is negative
 */
export function checkSummary(name: string, s: { n: number; sd: number }): void {
  checkCount(`${name}.n`, s.n);
  if (s.sd < 0) throw new RangeError(`${name}.sd must not be negative, got ${s.sd}`);
}
