// Checker cases: several errors in one file.
import { yaml } from '../harness';
import type { Case } from './common';

export const severalCases: Case[] = [
  {
    name: 'several errors in one file, each at its position, in file order',
    source: yaml`
      headrace: 1
      name: churn
      params:
        minAccuracy: { type: number, default: 0.8 }
      steps:
        ingest:
          uses: ingest.cvs
          with: { path: data/churn.csv }
        check:
          uses: validate.table
          in: { table: ingest.table }
          with:
            columns:
              tenure: { type: number, min: zero }
        split:
          uses: prepare.split
          in: { table: check.tabel }
          with: { test: 0, sed: 7 }
        train:
          uses: train.logistic
          in: { table: split.train }
          with: { epochs: 30 }
          retry: { attempts: 3 }
          gpu: 1
        evaluate:
          uses: evaluate.classifier
          in: { model: train.model, table: split.test }
          gate: { accuracy: ">= ${'${{ params.minAcc }}'}" }
    `,
    expect: [
      ['7:11', "unknown step kind 'ingest.cvs' (did you mean 'ingest.csv'?)"],
      ['14:38', "validate.table config: 'columns.tenure.min' must be a number, got \"zero\""],
      ['17:18', "step 'check' (validate.table) has no output 'tabel' (did you mean 'table'?)"],
      ['18:19', "prepare.split config: 'test' must be > 0, got 0"],
      ['18:22', "prepare.split config: unknown key 'sed' (did you mean 'seed'?)"],
      ['22:5', "train.logistic config: missing required key 'target'"],
      ['24:5', "step 'train': unknown key 'gpu'"],
      ['28:27', "unknown param 'minAcc' (did you mean 'minAccuracy'?)"],
    ],
  },
];
