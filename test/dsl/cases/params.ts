// Checker cases: parameters and `${{ }}` expressions.
import { head, withSteps, yaml } from '../harness';
import { split, type Case } from './common';

export const paramsCases: Case[] = [
  {
    name: 'unknown param, pointed at inside the string',
    source: withSteps(yaml`
      evaluate:
        uses: evaluate.classifier
        in: { model: train.model, table: ingest.table }
        gate: { accuracy: ">= ${'${{ params.minAcc }}'}" }
      train:
        uses: train.logistic
        in: { table: ingest.table }
        with: { target: y }
    `),
    expect: [['14:27', "unknown param 'minAcc' (did you mean 'minAccuracy'?)"]],
  },
  {
    name: 'unsupported expression, and an expression where none is substituted',
    source: withSteps(split + "  with: { seed: '${{ env.SEED }}' }\n  timeout: '${{ params.minAccuracy }}'\n"),
    expect: [
      ['14:20', "unsupported expression '${{ env.SEED }}': only ${{ params.NAME }} is allowed"],
      ['15:14', "step 'split': 'timeout' must be a duration"],
      ['15:15', "'${{ params.minAccuracy }}' is only substituted in with: and gate: values"],
    ],
  },
  {
    name: 'param default of the wrong type',
    source: head.replace('default: 0.9', 'default: high').replace('steps:', '  seed: { type: integer, default: 1.5 }\nsteps:'),
    expect: [
      ['4:41', "param 'minAccuracy': default must be a number, got \"high\""],
      ['5:35', "param 'seed': default must be an integer, got 1.5"],
    ],
  },
  {
    name: 'param override of the wrong type, and an undeclared one',
    source: head,
    params: { minAccuracy: 'high', minAcuracy: 0.5 },
    expect: [
      ['3:1', "unknown param 'minAcuracy' given (did you mean 'minAccuracy'?)"],
      ['4:3', "param 'minAccuracy': value given must be a number, got \"high\""],
    ],
  },
  {
    name: 'param without a value at compile time',
    source: head.replace('steps:', '  seed: { type: integer }\nsteps:'),
    expect: [['5:3', "param 'seed' has no value: declare a default or pass one"]],
  },
  {
    name: 'a typed param substituted into config is checked as its value',
    source: head.replace('steps:', '  seed: { type: string, default: abc }\nsteps:') + "  split:\n    uses: prepare.split\n    in: { table: ingest.table }\n    with: { seed: '${{ params.seed }}' }\n",
    expect: [['15:19', "prepare.split config: 'seed' must be a number, got \"abc\""]],
  },
];
