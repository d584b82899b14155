// Graph edits as minimal source edits: each returns the new text, touching only what it changes.
import { editStepLocally } from './local';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { PORT_REF, STEP_ID } from '../grammar';
import { openSource, stepBody, stepOwner, type Opened } from './open';
import { blockScalar, flowScalar, isPlainObject, LINE_WIDTH, pairLines, type Style } from './render';
import { applySplices, columnOf, insertLines, lineEndAfter, lineStart, type Splice } from './splice';
import {
  contentEnd,
  EditError,
  findPair,
  insertPair,
  itemStart,
  jsOf,
  keyOf,
  removeFrom,
  removeKeys,
  renameInScalar,
  replacePairValue,
} from './yamlEdit';
import { newPortName } from './ids';
import { hasAliases, readYaml } from '../parse/yaml';
import { ADD_INPUT, type Connection } from './types';

export type ConfigPath = (string | number)[];

export interface NewStep {
  id: string;
  kind: string;
  /** The `with:` value. */
  config?: Record<string, unknown>;
  /** Input port -> `step.output`. */
  in?: Record<string, string>;
  /** Place the step right after this one (default: last). */
  after?: string;
}

function done(o: Opened, splices: Splice[]): string {
  if (splices.length === 0) return o.ctx.src;
  const out = applySplices(o.ctx.src, splices);
  // Replacing an anchored value (`in: &x …` used as `*x` elsewhere) takes its anchor with it: in a file with
  // aliases (rare, and never one edited step by step), an edit that leaves the YAML unreadable is refused.
  if (hasAliases(o.ctx.doc) && readYaml(out, { merge: true }).doc.errors.length > 0) {
    throw new EditError('cannot edit: the change would leave an alias (*name) without its anchor (&name); edit the anchored value itself');
  }
  return out;
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function checkNewId(o: Opened, id: string): void {
  if (!STEP_ID.test(id)) throw new EditError(`bad step id '${id}': use [a-z][a-z0-9_-]*`);
  if (o.stepPairs.has(id)) throw new EditError(`a step '${id}' already exists`);
}

/** `in:` maps are written in the style the file already uses for them (flow when it has none). */
function inputStyle(o: Opened): Style {
  let flow = 0;
  let block = 0;
  for (const pair of o.stepPairs.values()) {
    const input = isMap(pair.value) ? findPair(pair.value as YAMLMap, 'in')?.value : undefined;
    if (isMap(input)) (input.flow ? flow++ : block++);
  }
  return block > flow ? 'block' : 'flow';
}

const isBlankLine = (src: string, start: number, end: number) => end > start && /^[ \t]*\n$/.test(src.slice(start, end));

/** The blank line ending right before `offset` (a line start), as [start, end), if there is one. */
function blankBefore(src: string, offset: number): [number, number] | undefined {
  if (offset === 0) return undefined;
  const start = lineStart(src, offset - 1);
  return isBlankLine(src, start, offset) ? [start, offset] : undefined;
}

/** Whether the file puts a blank line between steps (looking above the second step and its comments). */
function blankLinesBetweenSteps(o: Opened): boolean {
  const second = o.steps?.items[1];
  if (!second || o.steps?.flow) return false;
  const src = o.ctx.src;
  let at = lineStart(src, itemStart(second));
  while (at > 0) {
    const prev = lineStart(src, at - 1);
    const line = src.slice(prev, at);
    if (/^[ \t]*#/.test(line)) at = prev;
    else return isBlankLine(src, prev, at);
  }
  return false;
}

export function addStep(source: string, step: NewStep): string {
  const o = openSource(source);
  checkNewId(o, step.id);
  const { ctx } = o;
  const u = ctx.unit;
  const inputs = step.in && Object.keys(step.in).length > 0 ? step.in : undefined;
  const config = step.config !== undefined && !(isPlainObject(step.config) && Object.keys(step.config).length === 0) ? step.config : undefined;
  const stepLines = (col: number) => [
    `${flowScalar(step.id)}:`,
    ...[
      `uses: ${blockScalar(step.kind)}`,
      ...(inputs ? pairLines('in', inputs, u, LINE_WIDTH - col - u, inputStyle(o)) : []),
      ...(config !== undefined ? pairLines('with', config, u, LINE_WIDTH - col - u) : []),
    ].map((l) => ' '.repeat(u) + l),
  ];
  const after = step.after === undefined ? undefined : o.stepPairs.get(step.after);
  if (step.after !== undefined && !after) throw new EditError(`unknown step '${step.after}'`);
  const { steps, stepsPair } = o;
  if (steps && steps.items.length > 0) {
    if (steps.flow) {
      const body = { uses: step.kind, ...(inputs && { in: inputs }), ...(config !== undefined && { with: config }) };
      return done(o, insertPair(ctx, steps, step.id, body, { after: step.after ? [step.after] : undefined }));
    }
    const anchor = after ?? steps.items[steps.items.length - 1];
    const col = columnOf(ctx.src, itemStart(steps.items[0]));
    const insertion = insertLines(ctx.src, lineEndAfter(ctx.src, contentEnd(anchor)), stepLines(col), col);
    if (blankLinesBetweenSteps(o)) insertion.text = `\n${insertion.text}`;
    return done(o, [insertion]);
  }
  // Block lines cannot go inside a flow-style document (its empty `steps: {}` included).
  if (o.root?.flow) throw new EditError('cannot add a step to a flow-style document');
  if (stepsPair) {
    const value = stepsPair.value as Node | null;
    const empty = !value || (isScalar(value) && value.value === null) || (isMap(value) && value.items.length === 0);
    if (!empty) throw new EditError("cannot add a step: 'steps' is not a map");
    const key = stepsPair.key as Node;
    const end = contentEnd(stepsPair);
    const col = columnOf(ctx.src, key.range![0]) + u;
    // `steps: {}` becomes `steps:` followed by the block, keeping any comment on that line.
    return done(o, [
      { start: key.range![1], end, text: ':' },
      insertLines(ctx.src, lineEndAfter(ctx.src, end), stepLines(col), col),
    ]);
  }
  const col = o.root?.items.length ? columnOf(ctx.src, itemStart(o.root.items[0])) : 0;
  return done(o, [insertLines(ctx.src, ctx.src.length, ['steps:', ...stepLines(u).map((l) => ' '.repeat(u) + l)], col)]);
}

/** The pairs of a step's `in:` map whose reference names `stepId`. */
function inputsFrom(body: YAMLMap, stepId: string): { map: YAMLMap; pair: Pair; refs: Pair[] } | undefined {
  const pair = findPair(body, 'in');
  if (!pair || !isMap(pair.value)) return undefined;
  const map = pair.value as YAMLMap;
  const refs = map.items.filter((p) => isScalar(p.value) && typeof p.value.value === 'string' && PORT_REF.exec(p.value.value)?.[1] === stepId);
  return { map, pair, refs };
}

function isName(node: unknown, id: string): boolean {
  return isScalar(node) && node.value === id;
}

export function removeStep(source: string, id: string): string {
  const o = openSource(source);
  const pair = o.stepPairs.get(id);
  if (!pair || !o.steps) return source;
  const { ctx } = o;
  const splices = removeFrom(ctx, o.steps, new Set([o.steps.items.indexOf(pair)]), { map: o.root as YAMLMap, pair: o.stepsPair as Pair }, 'empty');
  // Between blank lines (or last after one), the step takes one blank line with it: undoes addStep's.
  const own = splices[0];
  const blank = o.steps.items.length > 1 && !o.steps.flow ? blankBefore(ctx.src, own.start) : undefined;
  const last = o.steps.items[o.steps.items.length - 1] === pair;
  if (blank && (last || isBlankLine(ctx.src, own.end, lineEndAfter(ctx.src, own.end + 1)))) own.start = blank[0];
  for (const [other, p] of o.stepPairs) {
    if (other === id || !isMap(p.value)) continue;
    const body = p.value as YAMLMap;
    const owner = stepOwner(o, p);
    const inputs = inputsFrom(body, id);
    if (inputs && inputs.refs.length > 0) {
      splices.push(...removeKeys(ctx, inputs.map, inputs.refs.map(keyOf), { map: body, pair: inputs.pair, owner }, 'remove-owner'));
    }
    const needs = findPair(body, 'needs');
    if (isName(needs?.value, id)) splices.push(...removeKeys(ctx, body, ['needs'], owner, 'empty'));
    if (needs && isSeq(needs.value)) {
      const seq = needs.value as YAMLSeq;
      const gone = new Set(seq.items.flatMap((item, i) => (isName(item, id) ? [i] : [])));
      if (gone.size > 0) splices.push(...removeFrom(ctx, seq, gone, { map: body, pair: needs, owner }, 'remove-owner'));
    }
  }
  return done(o, splices);
}

export function renameStep(source: string, oldId: string, newId: string): string {
  if (oldId === newId) return source;
  const o = openSource(source);
  const pair = o.stepPairs.get(oldId);
  if (!pair) throw new EditError(`unknown step '${oldId}'`);
  checkNewId(o, newId);
  const { ctx } = o;
  const old = escape(oldId);
  const whole = new RegExp(`^(["']?)(${old})(?=["']?$)`, 'g');
  const splices = renameInScalar(ctx, pair.key as Node, whole, newId);
  for (const p of o.stepPairs.values()) {
    if (!isMap(p.value)) continue;
    const body = p.value as YAMLMap;
    for (const ref of inputsFrom(body, oldId)?.refs ?? []) {
      splices.push(...renameInScalar(ctx, ref.value as Node, new RegExp(`^(["']?)(${old})(?=\\.)`, 'g'), newId));
    }
    const needs = findPair(body, 'needs')?.value;
    const items = isSeq(needs) ? (needs.items as Node[]) : [needs as Node];
    for (const item of items) if (isName(item, oldId)) splices.push(...renameInScalar(ctx, item, whole, newId));
    const when = findPair(body, 'when')?.value;
    if (isScalar(when) && typeof when.value === 'string') {
      splices.push(...renameInScalar(ctx, when, new RegExp(`(\\bsteps\\.)(${old})(?=\\.)`, 'g'), newId));
    }
  }
  return done(o, splices);
}

export function connect(source: string, c: Connection): string {
  const o = openSource(source);
  const { body } = stepBody(o, c.target);
  if (!o.stepPairs.has(c.source)) throw new EditError(`unknown step '${c.source}'`);
  const ref = `${c.source}.${c.sourcePort}`;
  const inputs = findPair(body, 'in');
  if (c.targetPort === ADD_INPUT) {
    // A new input of a variadic kind: named after the step it comes from, as the query will call it.
    const taken = new Set(inputs && isMap(inputs.value) ? (inputs.value as YAMLMap).items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)) : []);
    return connect(source, { ...c, targetPort: newPortName(c.source, taken) });
  }
  const style = inputStyle(o);
  if (!inputs) return done(o, insertPair(o.ctx, body, 'in', { [c.targetPort]: ref }, { after: ['uses'], style }));
  if (isMap(inputs.value)) return done(o, replaceOrAdd(o, inputs.value as YAMLMap, c.targetPort, ref));
  if (isScalar(inputs.value) && inputs.value.value !== null) throw new EditError(`'in' of step '${c.target}' is not a map`);
  return done(o, replacePairValue(o.ctx, body, inputs, { [c.targetPort]: ref }, style));
}

function replaceOrAdd(o: Opened, map: YAMLMap, key: string, value: unknown): Splice[] {
  const pair = findPair(map, key);
  return pair ? replacePairValue(o.ctx, map, pair, value) : insertPair(o.ctx, map, key, value);
}

export function disconnect(source: string, c: Pick<Connection, 'target' | 'targetPort'>): string {
  const o = openSource(source);
  const { body, owner } = stepBody(o, c.target);
  const inputs = findPair(body, 'in');
  if (!inputs || !isMap(inputs.value)) return source;
  return done(o, removeKeys(o.ctx, inputs.value as YAMLMap, [c.targetPort], { map: body, pair: inputs, owner }, 'remove-owner'));
}

/** `current` with the value at `path` replaced (deleted when `value` is undefined); never mutates `current`. */
function applyAt(current: unknown, path: ConfigPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [first, ...rest] = path;
  // A list is indexed by number, also when the index comes as text ('0').
  const seg = Array.isArray(current) && typeof first === 'string' && /^\d+$/.test(first) ? Number(first) : first;
  if (typeof seg === 'number' && (Array.isArray(current) || !isPlainObject(current))) {
    const list = Array.isArray(current) ? [...current] : [];
    if (value === undefined && seg >= list.length) return current;
    if (value === undefined && rest.length === 0) {
      list.splice(seg, 1);
      return list;
    }
    for (let i = list.length; i < seg; i++) list[i] = null;
    list[seg] = applyAt(list[seg], rest, value);
    return list;
  }
  const key = String(seg);
  const obj: Record<string, unknown> = isPlainObject(current) ? { ...current } : {};
  if (value === undefined && !Object.hasOwn(obj, key)) return current;
  if (value === undefined && rest.length === 0) delete obj[key];
  else obj[key] = applyAt(obj[key], rest, value);
  return obj;
}

/**
 * Set (or, with `undefined`, delete) the value at `path` under the step's `with:`. The new `with:` is
 * diffed against the file's, so only what changed is written; deleting its last key removes `with:`.
 */
export function setConfig(source: string, stepId: string, path: ConfigPath, value: unknown): string {
  return editStepLocally(source, stepId, (mini) => setConfigIn(mini, stepId, path, value)) ?? setConfigIn(source, stepId, path, value);
}

/** The whole-document edit (exported for the test that holds the local path to it). */
export function setConfigIn(source: string, stepId: string, path: ConfigPath, value: unknown): string {
  const o = openSource(source);
  const { ctx } = o;
  const { body, owner } = stepBody(o, stepId);
  const withPair = findPair(body, 'with');
  const current = withPair ? jsOf(ctx, withPair.value) : undefined;
  const next = applyAt(current ?? undefined, path, value);
  if (next === current) return source;
  if (next === undefined || (isPlainObject(next) && Object.values(next).every((v) => v === undefined))) {
    return done(o, withPair ? removeKeys(ctx, body, ['with'], owner, 'empty') : []);
  }
  if (!withPair) return done(o, insertPair(ctx, body, 'with', next, { after: ['in', 'uses'], style: 'block' }));
  const empty = current === null || current === undefined;
  return done(o, replacePairValue(ctx, body, withPair, next, empty ? 'block' : 'auto'));
}
