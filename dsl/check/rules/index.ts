// Every rule, run together in one pass. Adding a check = one new file + one line here.
import type { Rule } from '../rule';
import { cache } from './cache';
import { columns } from './columns';
import { configSchema } from './configSchema';
import { cycles } from './cycles';
import { dataRoots } from './dataRoots';
import { gates } from './gates';
import { ids } from './ids';
import { monitor } from './monitor';
import { needs } from './needs';
import { params } from './params';
import { portRefs } from './portRefs';
import { requiredInputs } from './requiredInputs';
import { resources } from './resources';
import { structure } from './structure';
import { sweep } from './sweep';
import { triggers } from './triggers';
import { unknownKeys } from './unknownKeys';
import { unknownStepKind } from './unknownStepKind';
import { when } from './when';

export const rules: readonly Rule[] = [
  structure,
  unknownKeys,
  ids,
  unknownStepKind,
  configSchema,
  params,
  portRefs,
  requiredInputs,
  needs,
  cycles,
  columns,
  gates,
  when,
  triggers,
  monitor,
  resources,
  dataRoots,
  sweep,
  cache,
];
