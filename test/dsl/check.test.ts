// Checker rules through the one harness: snippet -> exact messages at exact positions.
import { describe, it } from 'vitest';
import { expectDiagnostics, head, withSteps, yaml, type Expected } from './harness';

interface Case {
  name: string;
  source: string;
  expect: Expected[];
  params?: Record<string, unknown>;
}

const split = yaml`
  split:
    uses: prepare.split
    in: { table: ingest.table }
`; // lines 11-13 after head

const cases: Case[] = [
  // --- YAML and envelope -------------------------------------------------
  {
    name: 'YAML syntax error, and the checker still reports the shape it implies',
    source: yaml`
      headrace: 1
      name: t
      steps:
        a:
          uses: ingest.csv
           with: { path: x.csv }
    `,
    expect: [
      ['5:11', 'Nested mappings are not allowed'],
      ['5:11', 'Implicit keys need to be on a single line'],
      ['5:11', "step 'a': 'uses' must be a string, got a map"],
    ],
  },
  {
    name: 'unclosed flow map',
    source: yaml`
      headrace: 1
      name: t
      steps:
        a: { uses: ingest.csv, with: { path: x.csv }
    `,
    expect: [['5:1', 'Flow map in block collection must be sufficiently indented and end with a }']],
  },
  {
    name: 'duplicate key',
    source: withSteps(yaml`
      ingest:
        uses: ingest.csv
        with: { path: other.csv }
    `),
    expect: [['11:3', "duplicate key 'ingest'"]],
  },
  {
    name: 'unknown top-level key (with suggestion) and the missing key it hides',
    source: yaml`
      headrace: 1
      name: t
      step:
        a: { uses: ingest.csv, with: { path: x.csv } }
    `,
    expect: [
      ['1:1', "missing required key 'steps'"],
      ['3:1', "unknown top-level key 'step' (did you mean 'steps'?)"],
    ],
  },
  {
    name: 'unknown step key',
    source: withSteps(split + 'retries: 3\n'),
    expect: [['14:5', "step 'split': unknown key 'retries' (did you mean 'retry'?)"]],
  },
  {
    name: 'bad step id',
    source: withSteps(yaml`
      Split_1:
        uses: prepare.split
        in: { table: ingest.table }
    `),
    expect: [['11:3', "bad step id 'Split_1'"]],
  },
  {
    name: 'bad pipeline name and wrong language version',
    source: head.replace('headrace: 1', 'headrace: 2').replace('name: t', 'name: My Pipeline'),
    expect: [
      ['1:11', "'headrace' must be 1, got 2"],
      ['2:7', "bad pipeline name 'My Pipeline'"],
    ],
  },
  {
    name: 'empty file',
    source: '',
    expect: [['1:1', 'the file is empty']],
  },
  {
    name: 'step without uses, and a step that is not a map',
    source: withSteps(yaml`
      split:
        in: { table: ingest.table }
      other: prepare.split
    `),
    expect: [
      ['11:3', "step 'split': missing required key 'uses'"],
      ['13:10', "step 'other' must be a map, got \"prepare.split\""],
    ],
  },
  {
    name: 'retry, timeout and resources shapes',
    source: withSteps(split + 'retry: { attempts: 0 }\ntimeout: 5 minutes\nresources: { gpu: 1.5, memory: lots }\n'),
    expect: [
      ['14:24', "step 'split': 'retry.attempts' must be >= 1, got 0"],
      ['15:14', "'timeout' must be a duration like \"30s\", \"10m\" or \"1h\", got \"5 minutes\""],
      ['16:23', "'resources.gpu' must be an integer, got 1.5"],
      ['16:36', "'resources.memory' must be a size like \"512Mi\" or \"4Gi\""],
    ],
  },
  {
    name: 'triggers: unknown kind and bad cron',
    source: head.replace('steps:', 'triggers:\n  - manual: {}\n  - schedule: { cron: "0 3 * *" }\n  - newData: { step: ingest }\nsteps:'),
    expect: [
      ['6:24', "'triggers[1].schedule.cron' must be a cron expression has 5 fields"],
      ['7:5', "'triggers[2]' unknown key 'newData'"],
    ],
  },
  // --- step kinds and config ---------------------------------------------
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
    expect: [['14:33', "train.logistic config: 'epochs' must be a number, got \"many\""]],
  },
  {
    name: 'config: integer expected',
    source: withSteps(yaml`
      train:
        uses: train.logistic
        in: { table: ingest.table }
        with: { target: y, epochs: 1.5 }
    `),
    expect: [['14:33', "train.logistic config: 'epochs' must be an integer, got 1.5"]],
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
    source: withSteps(split + 'with: { test: 1.5 }\n'),
    expect: [['14:17', "prepare.split config: 'test' must be < 1, got 1.5"]],
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
      ['11:3', "missing required input 'model'"],
      ['13:28', "registry.register config: 'stage' must be one of none, staging, production, got \"prod\""],
      ['13:48', "'tags.team' must be a string, got 7"],
      ['17:35', "'columns.a.type' must be one of number, integer, string, boolean, date, got \"float\""],
      ['17:49', "'columns.a.nulls' must be >= 0, got -1"],
    ],
  },
  {
    name: 'config: with: that is not a map',
    source: withSteps(split + 'with: [0.2]\n'),
    expect: [['14:11', "step 'split': 'with' must be a map, got a list"]],
  },
];

describe('checker rules', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectDiagnostics(c.source, c.expect, { params: c.params });
  });
});
