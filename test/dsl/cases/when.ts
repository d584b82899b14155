// Checker cases: `when:` conditions, each problem pointed at inside the condition's text.
import { withSteps, yaml } from '../harness';
import type { Case } from './common';

/** train and evaluate, then `register` (line 18) with `needs` on line 22 and the condition on line 23. */
function condition(when: string, needs = 'needs: [evaluate]'): string {
  return withSteps(yaml`
    train:
      uses: train.logistic
      in: { table: ingest.table }
      with: { target: y }
    evaluate:
      uses: evaluate.classifier
      in: { model: train.model, table: ingest.table }
    register:
      uses: registry.register
      in: { model: train.model }
      with: { name: m }
      ${needs}
      when: ${when}
  `);
}
// `    when: "` — a quoted condition's text starts at column 12 of line 23.

export const whenCases: Case[] = [
  {
    name: 'when: a metric against a param, a state, && || ! and parentheses',
    source: condition(`"!(\${{ steps.evaluate.metrics.accuracy }} < \${{ params.minAccuracy }}) && (\${{ steps.train.state }} == 'succeeded' || \${{ steps.train.state }} == \\"cached\\")"`),
    expect: [],
  },
  {
    name: 'when: the bare form is refused with the way to write it',
    source: condition('steps.evaluate.metrics.accuracy >= 0.85'),
    expect: [['23:11', "step 'register': when: 'steps.evaluate.metrics.accuracy' is not evaluated: write ${{ steps.evaluate.metrics.accuracy }}"]],
  },
  {
    name: 'when: unknown step, at its name',
    source: condition('"${{ steps.evaluat.metrics.accuracy }} > 0.5"'),
    expect: [['23:22', "step 'register': when: unknown step 'evaluat' (did you mean 'evaluate'?)"]],
  },
  {
    name: 'when: unknown metric, at its name',
    source: condition('"${{ steps.evaluate.metrics.acuracy }} > 0.5"'),
    expect: [['23:39', "evaluate.classifier reports no metric 'acuracy' (did you mean 'accuracy'?); it reports accuracy"]],
  },
  {
    name: 'when: a metric of a step without a Metrics output',
    source: condition('"${{ steps.train.metrics.accuracy }} > 0.5"'),
    expect: [['23:22', "step 'train' (train.logistic) has no Metrics output to read 'accuracy' from"]],
  },
  {
    name: 'when: a step that is not upstream',
    source: condition(`"\${{ steps.evaluate.state }} == 'succeeded'"`, 'needs: []'),
    expect: [['23:22', "step 'evaluate' is not upstream of 'register', so it may not have finished: add it to needs:"]],
  },
  {
    name: 'when: a step reading itself',
    source: condition(`"\${{ steps.register.state }} == 'succeeded'"`),
    expect: [['23:22', "a step's condition cannot read the step itself"]],
  },
  {
    name: 'when: text compared to a number, at the operator',
    source: condition(`"\${{ steps.evaluate.metrics.accuracy }} == 'high'"`),
    expect: [['23:51', "'==' compares a number to text: they are never equal"]],
  },
  {
    name: 'when: ordering text',
    source: condition(`"\${{ steps.train.state }} > 'a'"`),
    expect: [['23:37', "'>' orders numbers, got a step state and text"]],
  },
  {
    name: 'when: a state name that is not one, with a suggestion',
    source: condition(`"\${{ steps.train.state }} == 'succeded'"`),
    expect: [['23:40', "'succeded' is not a step state (did you mean 'succeeded'?); states: pending, running, waiting, succeeded"]],
  },
  {
    name: 'when: an unknown param',
    source: condition('"${{ steps.evaluate.metrics.accuracy }} >= ${{ params.minAcc }}"'),
    expect: [['23:54', "step 'register': when: unknown param 'minAcc' (did you mean 'minAccuracy'?)"]],
  },
  {
    name: 'when: a number is not a condition',
    source: condition('"${{ steps.evaluate.metrics.accuracy }}"'),
    expect: [['23:12', 'when: must be a condition (a comparison, && || !, or true/false), got a number']],
  },
  {
    name: 'when: && joins conditions',
    source: condition(`"\${{ steps.evaluate.metrics.accuracy }} && true"`),
    expect: [['23:12', "'&&' joins conditions, got a number (compare it, e.g. ... >= 0.9)"]],
  },
  {
    name: 'when: syntax errors say what to write',
    source: condition(`"(\${{ steps.evaluate.metrics.accuracy }} > 0.5 and true"`),
    expect: [['23:58', "step 'register': when: 'and' is not an operator: write '&&'"]],
  },
  {
    name: 'when: an unclosed parenthesis',
    source: condition('"(${{ steps.evaluate.metrics.accuracy }} > 0.5"'),
    expect: [['23:57', "when: the condition ends too early: expected ')' to close the '(' at column 1 of the condition"]],
  },
  {
    name: 'when: a single = ',
    source: condition(`"\${{ steps.train.state }} = 'failed'"`),
    expect: [['23:37', "'=' assigns nothing here: compare with '=='"]],
  },
  {
    name: 'when: an expression that reads something else',
    source: condition('"${{ steps.evaluate.outputs.metrics }} > 1"'),
    expect: [['23:12', "unsupported expression '${{ steps.evaluate.outputs.metrics }}': a step gives .state or .metrics.NAME"]],
  },
];
