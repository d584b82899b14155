// Errors compute raises about what it was given, not about itself: bad data (a missing column, a single
// class, non-finite values) and bad settings (a learning rate that makes training diverge). The step
// wrapper (workers/activities/errors.ts) turns them into failures that are not retried and shown as they are.

/** The data cannot be used as asked: retrying on the same data gives the same answer. */
export class DataError extends Error {
  override name = 'DataError';
}

/** The step's settings cannot work (on this data). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Training produced a non-finite loss: the same data and settings diverge again, so it is not retried. */
export class TrainingDivergedError extends ConfigError {
  override name = 'TrainingDivergedError';
}
