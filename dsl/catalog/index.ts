// The step catalog: every step kind Headrace knows, keyed by `group.name`.
import type { z } from 'zod';
import type { PortType } from '../plan';
import { closest } from '../suggest';
import { trainCommand } from './command';
import { approve, wait } from './control';
import { deployEndpoint, deployRollout } from './deploy';
import { evaluateClassifier, evaluateRegressor } from './evaluate';
import { deployLifecycle } from './lifecycle';
import { ingestCsv, ingestHttp, ingestJson, ingestParquet } from './ingest';
import { ingestSql } from './ingest-sql';
import { prepareSql } from './sql';
import { prepareDerive, prepareFilter, prepareJoin, prepareSample, prepareSelect } from './transform';
import { prepareDropna, prepareSplit } from './prepare';
import { prepareBucketize, prepareImpute, prepareOnehot, prepareStandardize } from './preprocess';
import { registryRegister } from './registry';
import { trainLinear, trainLogistic, trainMlp } from './train';
import { testStepKinds } from './test';
import type { AnyStepKind } from './types';
import { validateTable } from './validate';

export const catalog = {
  'ingest.csv': ingestCsv,
  'ingest.json': ingestJson,
  'ingest.parquet': ingestParquet,
  'ingest.http': ingestHttp,
  'ingest.sql': ingestSql,
  'validate.table': validateTable,
  'prepare.dropna': prepareDropna,
  'prepare.split': prepareSplit,
  'prepare.sql': prepareSql,
  'prepare.filter': prepareFilter,
  'prepare.derive': prepareDerive,
  'prepare.select': prepareSelect,
  'prepare.join': prepareJoin,
  'prepare.sample': prepareSample,
  'prepare.standardize': prepareStandardize,
  'prepare.impute': prepareImpute,
  'prepare.onehot': prepareOnehot,
  'prepare.bucketize': prepareBucketize,
  'train.logistic': trainLogistic,
  'train.mlp': trainMlp,
  'train.linear': trainLinear,
  'train.command': trainCommand,
  'evaluate.classifier': evaluateClassifier,
  'evaluate.regressor': evaluateRegressor,
  'registry.register': registryRegister,
  'deploy.endpoint': deployEndpoint,
  'deploy.rollout': deployRollout,
  'deploy.lifecycle': deployLifecycle,
  approve,
  wait,
} satisfies Record<string, AnyStepKind>;

export type StepKindName = keyof typeof catalog;
/** Config type of a kind after defaults, e.g. `ConfigOf<'train.logistic'>`. */
export type ConfigOf<K extends StepKindName> = z.output<(typeof catalog)[K]['config']>;

const byName: ReadonlyMap<string, AnyStepKind> = new Map([...Object.entries(catalog), ...testStepKinds()]);

export function getStepKind(kind: string): AnyStepKind | undefined {
  return byName.get(kind);
}

export function isStepKindName(kind: string): kind is StepKindName {
  return byName.has(kind);
}

export function stepKinds(): AnyStepKind[] {
  return [...byName.values()];
}

export function stepKindNames(): StepKindName[] {
  return Object.keys(catalog) as StepKindName[];
}

export function closestStepKind(kind: string): string | undefined {
  return closest(kind, byName.keys());
}

/** Whether an output of type `from` may feed an input of type `to` (the editor's connection rule). */
export function isPortCompatible(from: PortType, to: PortType): boolean {
  return from === to;
}

/** Parse a step's config with its kind's schema (defaults applied); throws on invalid config. */
export function parseConfig<K extends StepKindName>(kind: K, config: unknown): ConfigOf<K> {
  return catalog[kind].config.parse(config) as ConfigOf<K>;
}

export * from './types';
export { classifierMetrics } from './evaluate';
export type { IngestCsvConfig, IngestJsonConfig } from './ingest';
export type { ValidateTableConfig, ColumnExpectation } from './validate';
export type { PrepareDropnaConfig, PrepareSplitConfig } from './prepare';
export type { TrainLinearConfig, TrainLogisticConfig, TrainMlpConfig } from './train';
export type { TrainCommandConfig } from './command';
export type { EvaluateClassifierConfig, EvaluateRegressorConfig } from './evaluate';
export type { RegistryRegisterConfig } from './registry';
export { ENDPOINT_NAME, ENDPOINT_NAME_RULE, type DeployEndpointConfig, type DeployRolloutConfig } from './deploy';
export { type DeployLifecycleConfig, type LifecycleCondition, type LifecycleCheck } from './lifecycle';
export { APPROVER_ROLES, type ApproverRole, type ApproveConfig, type WaitConfig } from './control';
