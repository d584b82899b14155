// One-time Monaco setup for the browser: the installed monaco-editor (no CDN), its workers, and monaco-yaml
// with the pipeline JSON Schema generated from the step catalog. Import only from client-only code.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import { configureMonacoYaml } from 'monaco-yaml';
import { pipelineJsonSchema } from '../../../dsl/schema';
import { columnCompletion } from './column-completion';
import { portCompletion } from './port-completion';

/** In-memory id of the schema: never fetched (`enableSchemaRequest: false`). */
export const SCHEMA_URI = 'inmemory://headrace/schema/pipeline-v1.json';
/** Models of the YAML pane live under this folder; the schema's fileMatch covers their names. */
export const MODEL_PREFIX = 'file:///headrace/';
export const MODEL_SUFFIX = '.headrace.yaml';

let done = false;

export function setupMonaco(): typeof monaco {
  if (done) return monaco;
  done = true;

  globalThis.MonacoEnvironment = {
    getWorker(_workerId: string, label: string) {
      if (label === 'yaml') {
        return new Worker(new URL('monaco-yaml/yaml.worker', import.meta.url), { type: 'module' });
      }
      return new Worker(new URL('monaco-editor/esm/vs/editor/editor.worker.js', import.meta.url), { type: 'module' });
    },
  };

  loader.config({ monaco });

  const { $schema: _draft, $id: _id, ...schema } = pipelineJsonSchema();
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    completion: true,
    hover: true,
    // The dsl checker reports config, port and column errors with exact positions (markers owned by
    // 'headrace'); the schema's own validation would repeat them, so it only drives completion and hover.
    validate: false,
    schemas: [{ uri: SCHEMA_URI, fileMatch: [`**/*${MODEL_SUFFIX}`], schema: schema as never }],
  });

  monaco.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', '.'],
    provideCompletionItems(model, position) {
      if (!model.uri.toString().startsWith(MODEL_PREFIX)) return { suggestions: [] };
      const offset = model.getOffsetAt(position);
      const found = portCompletion(model.getValue(), offset);
      if (!found) return { suggestions: [] };
      const start = model.getPositionAt(found.replaceStart);
      const range = new monaco.Range(start.lineNumber, start.column, position.lineNumber, position.column);
      return {
        suggestions: found.items.map((item) => ({
          label: { label: item.label, description: item.type },
          kind: monaco.languages.CompletionItemKind.Reference,
          insertText: item.label,
          detail: `${item.type} output`,
          documentation: item.description,
          sortText: item.sortText,
          range,
        })),
      };
    },
  });

  monaco.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', '[', ',', '"'],
    provideCompletionItems(model, position) {
      if (!model.uri.toString().startsWith(MODEL_PREFIX)) return { suggestions: [] };
      const found = columnCompletion(model.getValue(), model.getOffsetAt(position));
      if (!found) return { suggestions: [] };
      const start = model.getPositionAt(found.replaceStart);
      const range = new monaco.Range(start.lineNumber, start.column, position.lineNumber, position.column);
      const from = found.choice.from ? ` of ${found.choice.from}` : '';
      return {
        suggestions: found.items.map((item) => ({
          label: { label: item.label, description: item.type },
          kind: monaco.languages.CompletionItemKind.Field,
          insertText: item.insertText,
          filterText: item.filterText,
          detail: `${item.type} column${from}`,
          sortText: item.sortText,
          range,
        })),
      };
    },
  });

  return monaco;
}
