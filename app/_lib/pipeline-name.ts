// The pipeline-name rule said as one sentence, for every form that asks for a name (New pipeline, rename, duplicate).
import { PIPELINE_NAME } from '../../dsl/grammar';

/** Why `name` cannot name a pipeline, as one sentence; undefined when the rule allows it. */
export function nameRuleProblem(name: string): string | undefined {
  if (name === '') return 'Give the pipeline a name.';
  if (PIPELINE_NAME.test(name)) return undefined;
  if (/[A-Z]/.test(name) && PIPELINE_NAME.test(name.toLowerCase())) return `A pipeline name is lowercase: "${name.toLowerCase()}" would do.`;
  return 'A pipeline name starts with a lowercase letter and has only lowercase letters, digits, "-" and "_" (for example churn-model).';
}
