// Opens a source for editing: the Document with node ranges, its `steps:` map and the file's indentation step.
import { isMap, type Node, type Pair, type YAMLMap } from 'yaml';
import { readYaml } from '../parse/yaml';
import { columnOf, lineStart } from './splice';
import { EditError, findPair, keyOf, type EditContext, type Owner } from './yamlEdit';

export interface Opened {
  ctx: EditContext;
  root?: YAMLMap;
  stepsPair?: Pair;
  /** The `steps:` map, when it is one. */
  steps?: YAMLMap;
  stepPairs: Map<string, Pair>;
}

export function openSource(source: string): Opened {
  // Within DSL_LIMITS, aliases checked (readYaml): a refusal is the first error. Edits splice the text at node
  // ranges (and keep a quoted scalar's quotes), which the fast plain-YAML reader's Document has as yaml's does.
  const { doc } = readYaml(source, { merge: true, prettyErrors: false, plain: true });
  if (doc.errors.length > 0) throw new EditError(`cannot edit: the YAML does not parse (${doc.errors[0].message.split('\n')[0]})`);
  try {
    doc.toJS({ maxAliasCount: -1 }); // readYaml has bounded the aliases
  } catch (e) {
    throw new EditError(`cannot edit: ${e instanceof Error ? e.message : String(e)}`);
  }
  const root = isMap(doc.contents) ? (doc.contents as YAMLMap) : undefined;
  if (doc.contents && !root) throw new EditError('cannot edit: the document is not a map');
  const stepsPair = findPair(root, 'steps');
  const steps = isMap(stepsPair?.value) ? (stepsPair.value as YAMLMap) : undefined;
  const stepPairs = new Map((steps?.items ?? []).map((p) => [keyOf(p), p] as const));
  return { ctx: { src: source, doc, unit: indentUnit(source, stepsPair, steps) }, root, stepsPair, steps, stepPairs };
}

/** The step's body map, or an error naming what is wrong. */
export function stepBody(o: Opened, id: string): { pair: Pair; body: YAMLMap; owner: Owner } {
  const pair = o.stepPairs.get(id);
  if (!pair) throw new EditError(`unknown step '${id}'`);
  if (!isMap(pair.value)) throw new EditError(`step '${id}' is not a map`);
  return { pair, body: pair.value as YAMLMap, owner: stepOwner(o, pair) };
}

export function stepOwner(o: Opened, pair: Pair): Owner {
  return { map: o.steps as YAMLMap, pair, owner: { map: o.root as YAMLMap, pair: o.stepsPair as Pair } };
}

function indentUnit(src: string, stepsPair: Pair | undefined, steps: YAMLMap | undefined): number {
  const first = steps?.items[0];
  if (!stepsPair || !first || steps?.flow) return 2;
  const key = first.key as Node;
  const unit = columnOf(src, key.range![0]) - columnOf(src, (stepsPair.key as Node).range![0]);
  if (unit > 0 && lineStart(src, key.range![0]) !== lineStart(src, (stepsPair.key as Node).range![0])) return unit;
  return 2;
}
