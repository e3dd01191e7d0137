// Plain data shapes shared by the statistics library. Inputs are summary statistics because callers aggregate in SQL.

/** Summary of one sample: its size, mean and sample standard deviation (divisor n − 1). */
export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation, with divisor n − 1. */
  sd: number;
}

/** A point estimate with the bounds of a two-sided interval around it. */
export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
}

/** A comparison of a candidate with a control: `estimate` is candidate − control, `lo`/`hi` its confidence interval. */
export interface Comparison extends Interval {
  /** Two-sided p-value. */
  p: number;
  /** Name of the test that gave `p`, for display. */
  test: string;
  /** Degrees of freedom, when the test used a t distribution. */
  df?: number;
  /** The test statistic (t or z), when it is defined. */
  statistic?: number;
}
