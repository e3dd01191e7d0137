// Pure statistics for reports: plain functions over summary statistics (the callers aggregate in SQL).
export * from './types.js';
export * from './distributions.js';
export * from './intervals.js';
export * from './paired.js';
export * from './unpaired.js';
export * from './multiple.js';
export * from './srm.js';
export * from './bootstrap.js';
export * from './sequential.js';
