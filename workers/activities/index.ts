// Every activity the worker registers: one per step kind (named by the kind, so Temporal's UI shows
// `train.logistic`), plus the run bookkeeping. Built from injected dependencies.
import type { ActivityDeps } from './deps';
import { bookkeepingActivities } from './bookkeeping';
import { evaluateClassifierStep } from './evaluate';
import { ingestCsvStep, ingestJsonStep } from './ingest';
import { testActivities } from './noop';
import { prepareDropnaStep, prepareSplitStep } from './prepare';
import { registryRegisterStep } from './registry';
import { stepActivity } from './step';
import { trainLogisticStep } from './train';
import { validateTableStep } from './validate';

export function createActivities(deps: ActivityDeps) {
  return {
    ...bookkeepingActivities(deps),
    'ingest.csv': stepActivity('ingest.csv', ingestCsvStep, deps),
    'ingest.json': stepActivity('ingest.json', ingestJsonStep, deps),
    'validate.table': stepActivity('validate.table', validateTableStep, deps),
    'prepare.dropna': stepActivity('prepare.dropna', prepareDropnaStep, deps),
    'prepare.split': stepActivity('prepare.split', prepareSplitStep, deps),
    'train.logistic': stepActivity('train.logistic', trainLogisticStep, deps),
    'evaluate.classifier': stepActivity('evaluate.classifier', evaluateClassifierStep, deps),
    'registry.register': stepActivity('registry.register', registryRegisterStep, deps),
    ...testActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
