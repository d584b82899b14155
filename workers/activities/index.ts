// Every activity the worker registers: one per activity-mode step kind (named by the kind, so Temporal's UI
// shows `train.logistic`), plus the run bookkeeping. Built from injected dependencies. The implementations are
// bound to the catalog's kinds at compile time (kinds.ts); test/workers/binding.test.ts checks it at run time.
import type { ActivityDeps } from './deps';
import { alertActivities } from './alerts';
import { bookkeepingActivities } from './bookkeeping';
import { cacheActivities } from './cache';
import { deployActivities, deployEndpointStep } from './deploy';
import { evaluateClassifierStep, evaluateRegressorStep } from './evaluate';
import { ingestCsvStep, ingestHttpStep, ingestJsonStep, ingestParquetStep } from './ingest';
import { ingestSqlStep } from './ingest-sql';
import type { ActivityKindName, KindImpl } from './kinds';
import { lifecycleActivities } from './lifecycle';
import { monitorActivities } from './monitor';
import { testActivities } from './noop';
import {
  prepareDeriveStep, prepareDropnaStep, prepareFilterStep, prepareJoinStep, prepareSampleStep, prepareSelectStep, prepareSplitStep, prepareSqlStep,
} from './prepare';
import { prepareBucketizeStep, prepareImputeStep, prepareOnehotStep, prepareStandardizeStep } from './preprocess';
import { registryRegisterStep } from './registry';
import { rolloutActivities } from './rollout';
import { runRecordActivities } from './run-record';
import { stepActivity, type StepImpl } from './step';
import { trainLogisticStep } from './train';
import { trainCommandStep } from './train-command';
import { trainLinearStep } from './train-linear';
import { trainMlpStep } from './train-mlp';
import { triggerActivities } from './triggers';
import { validateTableStep } from './validate';

/**
 * The implementation of every activity-mode kind of the catalog. A kind missing here, a name that is no such
 * kind, or an implementation whose config or inputs differ from the kind's declaration does not compile.
 */
export const stepImplementations = {
  'ingest.csv': ingestCsvStep,
  'ingest.json': ingestJsonStep,
  'ingest.parquet': ingestParquetStep,
  'ingest.http': ingestHttpStep,
  'ingest.sql': ingestSqlStep,
  'validate.table': validateTableStep,
  'prepare.dropna': prepareDropnaStep,
  'prepare.split': prepareSplitStep,
  'prepare.sql': prepareSqlStep,
  'prepare.filter': prepareFilterStep,
  'prepare.derive': prepareDeriveStep,
  'prepare.select': prepareSelectStep,
  'prepare.join': prepareJoinStep,
  'prepare.sample': prepareSampleStep,
  'prepare.standardize': prepareStandardizeStep,
  'prepare.impute': prepareImputeStep,
  'prepare.onehot': prepareOnehotStep,
  'prepare.bucketize': prepareBucketizeStep,
  'train.logistic': trainLogisticStep,
  'train.mlp': trainMlpStep,
  'train.linear': trainLinearStep,
  'train.command': trainCommandStep,
  'evaluate.classifier': evaluateClassifierStep,
  'evaluate.regressor': evaluateRegressorStep,
  'registry.register': registryRegisterStep,
  'deploy.endpoint': deployEndpointStep,
} satisfies { [K in ActivityKindName]: KindImpl<K> };

type StepActivity = ReturnType<typeof stepActivity>;

/** One activity per activity-mode kind, registered under the kind's name. */
export function stepActivities(deps: ActivityDeps): Record<ActivityKindName, StepActivity> {
  // The types were checked above (`satisfies`); stepActivity parses each config with its kind's own schema.
  const entries = Object.entries(stepImplementations).map(([kind, impl]) => [kind, stepActivity(kind, impl as StepImpl<unknown, unknown>, deps)]);
  return Object.fromEntries(entries) as Record<ActivityKindName, StepActivity>;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...alertActivities(deps),
    ...bookkeepingActivities(deps),
    ...cacheActivities(deps),
    ...deployActivities(deps),
    ...lifecycleActivities(deps),
    ...monitorActivities(deps),
    ...runRecordActivities(deps),
    ...rolloutActivities(deps),
    ...stepActivities(deps),
    ...testActivities(deps),
    ...triggerActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
