// Drift statistics from sketches: reference profiles, window sketches, per-feature and dataset drift, and the raw
// statistics (PSI, Jensen–Shannon, two-sample KS, chi-squared). Pure TypeScript: no Node built-ins, no I/O, so the
// API, the workers and the web app can all use it. docs/monitoring.md, "Statistics", describes the methods.
export * from './types';
export {
  QUANTILE_POINTS,
  PSI_BINS,
  MAX_CATEGORIES,
  profileNumeric,
  profileCategorical,
  quantileSorted,
  binIndex,
  categoryOf,
} from './profile';
export { type WindowSketch, createWindowSketch, featureDrift, datasetDrift, binLabels, OTHER_LABEL } from './sketch';
export { psi, jensenShannon, ks2, chi2Test, EMPTY_SHARE } from './tests';
export { kolmogorovSf, smirnovSf, chi2Sf, gammaincc } from './distributions';
