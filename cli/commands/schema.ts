// `schema [pipeline|monitor]`: the JSON Schema of a pipeline file or of a monitor file, for editors (VS Code's YAML
// extension, any JSON Schema tool). The same texts are checked in as headrace.schema.json and
// headrace.monitor.schema.json; a test keeps each equal to what this prints.
import { monitorJsonSchema } from '../../dsl/monitor-file';
import { pipelineJsonSchema } from '../../dsl/schema';
import { EXIT } from '../exit';

export const schemaText = () => `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`;
export const monitorSchemaText = () => `${JSON.stringify(monitorJsonSchema(), null, 2)}\n`;

export function schemaCommand(kind: 'pipeline' | 'monitor' = 'pipeline'): number {
  process.stdout.write(kind === 'monitor' ? monitorSchemaText() : schemaText());
  return EXIT.ok;
}
