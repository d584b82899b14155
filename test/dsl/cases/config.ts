// Checker cases: step kinds and their `with:` config.
import { withSteps, yaml } from '../harness';
import { split, type Case } from './common';

export const configCases: Case[] = [
  {
    name: 'unknown step kind suggests the closest kind',
    source: withSteps(yaml`
      train:
        uses: train.logistc
        in: { table: ingest.table }
    `),
    expect: [['12:11', "unknown step kind 'train.logistc' (did you mean 'train.logistic'?)"]],
  },
  {
    name: 'unknown step kind far from any kind: no suggestion',
    source: withSteps('x:\n  uses: deploy.kubernetes\n'),
    expect: [['12:11', "unknown step kind 'deploy.kubernetes'"]],
  },
  {
    name: 'config: wrong type',
    source: withSteps(yaml`
      train:
        uses: train.logistic
        in: { table: ingest.table }
        with: { target: y, epochs: many }
    `),
    expect: [['14:32', "train.logistic config: 'epochs' must be a number, got \"many\""]],
  },
  {
    name: 'config: integer expected',
    source: withSteps(yaml`
      train:
        uses: train.logistic
        in: { table: ingest.table }
        with: { target: y, epochs: 1.5 }
    `),
    expect: [['14:32', "train.logistic config: 'epochs' must be an integer, got 1.5"]],
  },
  {
    name: 'config: missing required key (at with:)',
    source: withSteps(yaml`
      train:
        uses: train.logistic
        in: { table: ingest.table }
        with: { epochs: 3 }
    `),
    expect: [['14:5', "train.logistic config: missing required key 'target'"]],
  },
  {
    name: 'config: missing required key without with: (at uses)',
    source: yaml`
      headrace: 1
      name: t
      steps:
        ingest: { uses: ingest.json }
    `,
    expect: [['4:19', "ingest.json config: missing required key 'path'"]],
  },
  {
    name: 'config: out of range',
    source: withSteps(split + '  with: { test: 1.5 }\n'),
    expect: [['14:19', "prepare.split config: 'test' must be < 1, got 1.5"]],
  },
  {
    name: 'config: unknown key with suggestion',
    source: withSteps(yaml`
      train:
        uses: train.logistic
        in: { table: ingest.table }
        with:
          target: y
          epoch: 3
    `),
    expect: [['16:7', "train.logistic config: unknown key 'epoch' (did you mean 'epochs'?)"]],
  },
  {
    name: 'config: enum value and nested key',
    source: withSteps(yaml`
      reg:
        uses: registry.register
        with: { name: m, stage: prod, tags: { team: 7 } }
      check:
        uses: validate.table
        in: { table: ingest.table }
        with: { columns: { a: { type: float, nulls: -1 } } }
    `),
    expect: [
      ['12:11', "step 'reg': missing required input 'model' (Model) of registry.register"],
      ['13:29', "registry.register config: 'stage' must be one of none, staging, got \"prod\""],
      ['13:49', "'tags.team' must be a string, got 7"],
      ['17:35', "'columns.a.type' must be one of number, integer, string, boolean, date, got \"float\""],
      ['17:49', "'columns.a.nulls' must be >= 0, got -1"],
    ],
  },
  {
    name: 'config: with: that is not a map',
    source: withSteps(split + '  with: [0.2]\n'),
    expect: [['14:11', "step 'split': 'with' must be a map, got a list"]],
  },
];
