// Checker cases: YAML syntax, top-level and step shapes, ids.
import { head, withSteps, yaml } from '../harness';
import { split, type Case } from './common';

export const envelopeCases: Case[] = [
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
    source: withSteps(split + '  timout: 30s\n'),
    expect: [['14:5', "step 'split': unknown key 'timout' (did you mean 'timeout'?)"]],
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
      ['13:10', "step 'other': must be a map, got \"prepare.split\""],
    ],
  },
  {
    name: 'retry, timeout and resources shapes',
    source: withSteps(split + '  retry: { attempts: 0 }\n  timeout: 5 minutes\n  resources: { gpu: 1.5, memory: lots }\n'),
    expect: [
      ['14:24', "step 'split': 'retry.attempts' must be >= 1, got 0"],
      ['15:14', "'timeout' must be a duration like \"30s\", \"10m\", \"1h\" or \"2d\", got \"5 minutes\""],
      ['16:23', "'resources.gpu' must be an integer, got 1.5"],
      ['16:28', "step 'split': resources.memory is not supported: no worker reserves or enforces memory, so it would be ignored"],
    ],
  },
  {
    name: 'triggers: unknown kind and bad cron',
    source: head.replace('steps:', 'triggers:\n  - manual: {}\n  - schedule: { cron: "0 3 * *" }\n  - newData: { step: ingest }\nsteps:'),
    expect: [
      ['7:24', 'schedule cron: a cron expression has 5 fields (minute hour day-of-month month day-of-week), got 4'],
      ['8:5', "'triggers[2]' unknown key 'newData'"],
    ],
  },
];
