/** What the backend accepts as a dataset name (CreateDatasetDto). */
export const DATASET_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** Why `name` cannot name a dataset; null when it can (or is still empty: a required field says so itself). */
export function datasetNameError(name: string): string | null {
  return name && !DATASET_NAME.test(name) ? 'Use 1-100 lowercase letters, digits, . _ or - (starting with a letter or digit)' : null;
}
