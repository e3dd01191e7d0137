/** One line of a time-series chart. */
export interface ChartSeries {
  name: string;
  /** One value per bucket; null leaves a gap in the line (no requests, so no latency). */
  values: Array<number | null>;
  /** The n-th palette colour unless given: `danger` for errors. */
  tone?: 'danger';
}
