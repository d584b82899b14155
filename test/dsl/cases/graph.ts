// Checker cases: port references, required inputs, needs, cycles.
import { withSteps, yaml } from '../harness';
import { split, type Case } from './common';

export const graphCases: Case[] = [
  {
    name: 'bad port reference syntax',
    source: withSteps('split:\n  uses: prepare.split\n  in: { table: ingest }\n'),
    expect: [['13:18', "bad port reference 'ingest': expected 'step.output'"]],
  },
  {
    name: 'reference to an unknown step suggests the closest id',
    source: withSteps('split:\n  uses: prepare.split\n  in: { table: ingst.table }\n'),
    expect: [['13:18', "unknown step 'ingst' in 'ingst.table' (did you mean 'ingest'?)"]],
  },
  {
    name: 'unknown output port',
    source: withSteps('split:\n  uses: prepare.split\n  in: { table: ingest.tabel }\n'),
    expect: [['13:18', "step 'ingest' (ingest.csv) has no output 'tabel' (did you mean 'table'?); outputs: table"]],
  },
  {
    name: 'unknown input port (and the required one it leaves unconnected)',
    source: withSteps('split:\n  uses: prepare.split\n  in: { tabel: ingest.table }\n'),
    expect: [
      ['12:11', "step 'split': missing required input 'table' (Table) of prepare.split"],
      ['13:11', "prepare.split has no input 'tabel' (did you mean 'table'?); inputs: table"],
    ],
  },
  {
    name: 'wrong port type',
    source: withSteps(split + yaml`
      evaluate:
        uses: evaluate.classifier
        in: { model: split.train, table: split.test }
    `),
    expect: [['16:18', "input 'model' of evaluate.classifier expects a Model, but 'split.train' is a Table"]],
  },
  {
    name: 'missing required input',
    source: withSteps('train:\n  uses: train.logistic\n  with: { target: y }\n'),
    expect: [['12:11', "step 'train': missing required input 'table' (Table) of train.logistic"]],
  },
  {
    name: 'a step taking its own output',
    source: withSteps('clean:\n  uses: prepare.dropna\n  in: { table: clean.table }\n'),
    expect: [['13:18', "step 'clean' cannot take its own output 'clean.table'"]],
  },
  {
    name: 'cycle of two steps',
    source: withSteps(yaml`
      a:
        uses: prepare.dropna
        in: { table: b.table }
      b:
        uses: prepare.dropna
        in: { table: a.table }
    `),
    expect: [['13:18', 'cycle: a -> b -> a']],
  },
  {
    name: 'cycle of three steps, through needs',
    source: withSteps(yaml`
      a:
        uses: prepare.dropna
        in: { table: ingest.table }
        needs: [c]
      b:
        uses: prepare.dropna
        in: { table: a.table }
      c:
        uses: prepare.dropna
        in: { table: b.table }
    `),
    expect: [['14:13', 'cycle: a -> b -> c -> a']],
  },
  {
    name: 'needs: unknown step and itself',
    source: withSteps(split + '  needs: [ingset, split]\n'),
    expect: [
      ['14:13', "unknown step 'ingset' in needs (did you mean 'ingest'?)"],
      ['14:21', "step 'split' cannot need itself"],
    ],
  },
  {
    name: 'prepare.sql takes tables under names its query uses',
    source: withSteps(split + yaml`
      joined:
        uses: prepare.sql
        in: { train: split.train, held_back: split.test }
        with: { query: SELECT * FROM train UNION ALL SELECT * FROM held_back }
    `),
    expect: [],
  },
  {
    name: 'prepare.sql: a port name its query could not use, and one with no table at all',
    source: withSteps(split + yaml`
      joined:
        uses: prepare.sql
        in: { held-back: split.test }
        with: { query: SELECT 1 }
      empty:
        uses: prepare.sql
        with: { query: SELECT 1 }
    `),
    expect: [
      ['16:11', "input 'held-back' of prepare.sql names a table in its SQL: use letters, digits and _ (not starting with a digit)"],
      ['19:11', "step 'empty': prepare.sql needs at least 1 input Table under in:, each named as its query calls it (in: { orders: ingest.table })"],
    ],
  },
];
