// Checker cases: column names against propagated table schemas.
import { withSteps, yaml } from '../harness';
import { split, type Case } from './common';

export const columnsCases: Case[] = [
  {
    name: 'unknown column in train target, listing the columns',
    source: withSteps(split + yaml`
      train:
        uses: train.logistic
        in: { table: split.train }
        with: { target: label }
    `),
    expect: [['17:21', "step 'train': unknown column 'label': split.train has columns a, b, y"]],
  },
  {
    name: 'train features: unknown column and a string column',
    source: withSteps(split + yaml`
      train:
        uses: train.logistic
        in: { table: split.train }
        with: { target: y, features: [a, bb, y] }
    `),
    expect: [
      ['17:38', "step 'train': unknown column 'bb' (did you mean 'b'?): split.train has columns a, b, y"],
      ['17:42', "step 'train': column 'y' is string; train.logistic needs number/integer/boolean here"],
    ],
  },
  {
    name: 'unknown column in split stratify',
    source: withSteps(split + '  with: { stratify: Y }\n'),
    expect: [['14:23', "step 'split': unknown column 'Y' (did you mean 'y'?): ingest.table has columns a, b, y"]],
  },
  {
    name: 'unknown column in validate columns (at the key)',
    source: withSteps(yaml`
      check:
        uses: validate.table
        in: { table: ingest.table }
        with:
          columns:
            a: { type: number }
            label: { nulls: 0 }
    `),
    expect: [['17:9', "step 'check': unknown column 'label'"]],
  },
  {
    name: 'unknown column in dropna columns, schema propagated through validate',
    source: withSteps(yaml`
      check:
        uses: validate.table
        in: { table: ingest.table }
      clean:
        uses: prepare.dropna
        in: { table: check.table }
        with: { columns: [a, c] }
    `),
    expect: [['17:26', "step 'clean': unknown column 'c': check.table has columns a, b, y"]],
  },
  {
    name: 'no column check when the upstream schema is unknown',
    source: yaml`
      headrace: 1
      name: t
      steps:
        ingest: { uses: ingest.csv, with: { path: x.csv } }
        train:
          uses: train.logistic
          in: { table: ingest.table }
          with: { target: whatever }
    `,
    expect: [],
  },
  {
    name: 'prepare.filter: a column its condition names that the table lacks (bare names match whatever their case)',
    source: withSteps(yaml`
      kept:
        uses: prepare.filter
        in: { table: ingest.table }
        with: { where: "A > 1 AND \\"c\\" < 2" }
    `),
    expect: [['14:20', "step 'kept': unknown column 'c': ingest.table has columns a, b, y"]],
  },
  {
    name: 'prepare.derive and prepare.select carry the schema on: a typed derived column is known downstream',
    source: withSteps(yaml`
      more:
        uses: prepare.derive
        in: { table: ingest.table }
        with: { columns: { ratio: a / b }, types: { ratio: number } }
      narrow:
        uses: prepare.select
        in: { table: more.table }
        with: { columns: [ratio, y, rate] }
      train:
        uses: train.logistic
        in: { table: narrow.table }
        with: { target: y, features: [ratio, a] }
    `),
    expect: [
      ['18:33', "step 'narrow': unknown column 'rate' (did you mean 'ratio'?): more.table has columns a, b, y, ratio"],
      ['22:42', "step 'train': unknown column 'a': narrow.table has columns ratio, y"],
    ],
  },
  {
    name: 'prepare.join: a key column missing from a table joined with itself, reported once',
    source: withSteps(yaml`
      joined:
        uses: prepare.join
        in: { left: ingest.table, right: ingest.table }
        with: { on: [a, z] }
    `),
    expect: [
      ['14:21', "step 'joined': unknown column 'z': ingest.table has columns a, b, y"],
    ],
  },
];

