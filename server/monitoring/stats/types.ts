// The shapes of monitoring's statistics, shared by the profile built at registration, the window computed from the
// prediction log, the rows stored per window and feature, and the API. Pure types: no Node, no I/O.

export type FeatureKind = 'numeric' | 'categorical';

/** A numeric column of the reference (training) data, summarized once so drift never rescans it. */
export interface NumericProfile {
  kind: 'numeric';
  /** Non-null values. */
  count: number;
  nulls: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** QUANTILE_POINTS + 1 quantiles at k / QUANTILE_POINTS (numpy's "linear" method): the reference CDF for KS. */
  quantiles: number[];
  /** Equal-frequency bin edges for PSI and Jensen–Shannon (at most 10 bins; repeated edges merged). */
  edges: number[];
  /** Reference values per bin (bin i holds edges[i] ≤ x < edges[i+1]; the end bins are open). */
  counts: number[];
}

/** A categorical column of the reference data. */
export interface CategoricalProfile {
  kind: 'categorical';
  count: number;
  nulls: number;
  /** Value → rows, for the most frequent values (at most MAX_CATEGORIES); booleans as "true" / "false". */
  counts: Record<string, number>;
  /** Rows of every other value. */
  other: number;
}

export type FeatureProfile = NumericProfile | CategoricalProfile;

/** The profile stored with a model version (model_versions.profile). */
export interface DataProfile {
  version: 1;
  rows: number;
  features: Record<string, FeatureProfile>;
  /** The distribution of the target column in the training data: the reference for prediction drift. */
  target?: FeatureProfile;
}

/** Thresholds of one feature's drift tests; a feature drifts when any test it has crosses its threshold. */
export interface DriftThresholds {
  /** PSI above this drifts (default 0.2). */
  psi?: number;
  /** Jensen–Shannon distance (natural log, as scipy.spatial.distance.jensenshannon) above this drifts (default 0.1). */
  js?: number;
  /** KS p-value below this drifts (default 0.05; numeric features). */
  ksPValue?: number;
  /** Chi-squared p-value below this drifts (default 0.05; categorical features). */
  chi2PValue?: number;
}

export interface TestResult {
  statistic: number;
  pvalue: number;
}

/** One feature's drift in one window against its reference profile. */
export interface FeatureDrift {
  kind: FeatureKind;
  /** Non-null values in the window, and nulls. */
  rows: number;
  nulls: number;
  psi: number;
  js: number;
  /** Numeric features only. */
  ks?: TestResult;
  /** Categorical features only. */
  chi2?: TestResult;
  drifted: boolean;
  /** Which tests crossed their thresholds (e.g. ["psi", "ks"]). */
  reasons: string[];
  /** Reference and window shares per bin (numeric: by the profile's edges) or category, for charts. */
  bins: { labels: string[]; reference: number[]; current: number[] };
}

/** Dataset drift, as Evidently's share-of-features rule: drifted when at least `share` of the features drifted. */
export interface DatasetDrift {
  drifted: boolean;
  /** The share of features that drifted. */
  share: number;
  /** The rule's threshold. */
  threshold: number;
  driftedFeatures: string[];
}

/** Quality from labelled rows (late labels joined by request id); null figures where they do not apply. */
export interface WindowQuality {
  labelled: number;
  accuracy?: number;
  f1Macro?: number;
  logLoss?: number;
  rmse?: number;
  mae?: number;
}

/** Serving health of the window, from serving_windows. */
export interface WindowHealth {
  requests: number;
  errors: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** One computed window: the `headrace monitor --json` shape of a window. */
export interface MonitorWindow {
  /** ISO 8601. */
  start: string;
  end: string;
  /** Predicted rows in the window. */
  rows: number;
  /** The model version whose profile was the reference (the one that answered most rows). */
  modelVersionId: string | null;
  features: Record<string, FeatureDrift>;
  dataset: DatasetDrift;
  /** Drift of the predicted labels against the training target's distribution. */
  prediction: FeatureDrift | null;
  quality: WindowQuality;
  health: WindowHealth;
}
