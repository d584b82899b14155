// Checker cases: gate conditions.
import { withSteps, yaml } from '../harness';
import { split, type Case } from './common';

export const gatesCases: Case[] = [
  {
    name: 'bad gate syntax',
    source: withSteps(yaml`
      train:
        uses: train.logistic
        in: { table: ingest.table }
        with: { target: y }
      evaluate:
        uses: evaluate.classifier
        in: { model: train.model, table: ingest.table }
        gate: { accuracy: "=> 0.9", logLoss: "<= ${'${{ params.minAccuracy }}'}", macroF1: 0.5 }
    `),
    expect: [['18:23', "bad gate 'accuracy': expected a number or \"OP NUMBER\" (OP one of >= > <= < == !=), got \"=> 0.9\""]],
  },
  {
    name: 'gate on a step without a Metrics output',
    source: withSteps(split + '  gate: { accuracy: 0.9 }\n'),
    expect: [['14:5', "step 'split': gate needs a Metrics output, and prepare.split has none"]],
  },
  {
    name: 'gate on a metric the kind does not report is a warning (and the plan still compiles)',
    source: withSteps(yaml`
      train:
        uses: train.logistic
        in: { table: ingest.table }
        with: { target: y }
      evaluate:
        uses: evaluate.classifier
        in: { model: train.model, table: ingest.table }
        gate: { acuracy: 0.9 }
    `),
    expect: [['18:13', "evaluate.classifier reports no metric 'acuracy' (did you mean 'accuracy'?)", 'warning']],
  },
];
