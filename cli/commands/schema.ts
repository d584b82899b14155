// `schema`: the JSON Schema of a pipeline file, for editors (VS Code's YAML extension, any JSON Schema tool).
// The same text is checked in as headrace.schema.json; a test keeps the two equal.
import { pipelineJsonSchema } from '../../dsl/schema';
import { EXIT } from '../exit';

export const schemaText = () => `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`;

export function schemaCommand(): number {
  process.stdout.write(schemaText());
  return EXIT.ok;
}
