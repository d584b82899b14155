'use client';
// The config form of a step: generated from its kind's zod schema (see field-tree.ts), never written per kind.
// Every change is one `onChange(path, value)` call (path inside `with:`; `undefined` removes the key), which the
// page turns into a minimal YAML edit.
import { useDeferredValue, useId, useMemo, useState, type ReactNode } from 'react';
import { choiceAt, columnChoicesInSource, columnFields, type ColumnChoice } from '../../../dsl/check/columnsAt';
import {
  boundsText,
  configErrors,
  configFieldTree,
  isTemplate,
  parseNumberText,
  parseScalarText,
  pathKey,
  valueAt,
  type ArrayField,
  type FieldError,
  type FieldNode,
  type NumberField,
  type ObjectField,
  type Path,
  type RecordField,
} from './field-tree';
import { DataPicker } from '../data-picker/data-picker';
import { InputSelects, type InputSelectsProps } from './input-selects';
import './config-form.css';

export interface ConfigFormProps {
  /** Step kind, e.g. `train.logistic`. */
  kind: string;
  /** The step's current `with:` value (undefined when it has none). */
  config: unknown;
  /** One call per field change; `value === undefined` removes the key. */
  onChange(path: (string | number)[], value: unknown | undefined): void;
  /**
   * The whole pipeline source and this step's id: with both, column fields (`target`, `features`, ...) offer
   * the columns the checker knows arrive on their port.
   */
  source?: string;
  stepId?: string;
  /** The step's input ports with where each may come from (the editor's graph); shown first, as selects. */
  inputs?: InputSelectsProps['slots'];
  onInput?: InputSelectsProps['onInput'];
}

type Emit = ConfigFormProps['onChange'];

interface Ctx {
  config: unknown;
  errors: Map<string, string[]>;
  emit: Emit;
  /** The step's column fields with the columns known to fill them. */
  columns: readonly ColumnChoice[];
}

export function ConfigForm({ kind, config, onChange, source, stepId, inputs, onInput }: ConfigFormProps) {
  const tree = useMemo(() => configFieldTree(kind), [kind]);
  // A whole-pipeline check per edit: deferred, so a keystroke's frame does not wait for it, and only for kinds
  // that have column fields.
  const deferredSource = useDeferredValue(source);
  const hasColumns = useMemo(() => columnFields(kind).length > 0, [kind]);
  const columns = useMemo(
    () => (hasColumns && deferredSource !== undefined && stepId !== undefined ? columnChoicesInSource(deferredSource, stepId) : []),
    [hasColumns, deferredSource, stepId],
  );
  const errorList = useMemo(() => configErrors(kind, config), [kind, config]);
  if (!tree) return <p className="cf-empty">Unknown step kind <code>{kind}</code>: no form.</p>;
  const errors = new Map<string, string[]>();
  const known = new Set(tree.fields.map((f) => f.key));
  const general: FieldError[] = [];
  for (const e of errorList) {
    if (e.path.length === 0 || !known.has(String(e.path[0]))) general.push(e);
    else errors.set(pathKey(e.path), [...(errors.get(pathKey(e.path)) ?? []), e.message]);
  }
  const ctx: Ctx = { config, errors, emit: onChange, columns };
  const objectConfig = config !== undefined && (config === null || typeof config !== 'object' || Array.isArray(config));
  return (
    <div className="config-form" data-testid="config-form" data-kind={kind}>
      {inputs && onInput && <InputSelects slots={inputs} onInput={onInput} />}
      {objectConfig && <p className="cf-error" role="alert">with: must be a map of settings</p>}
      {general.length > 0 && (
        <ul className="cf-errors" role="alert">
          {general.map((e, i) => (
            <li key={i} className="cf-error">
              {e.message}
            </li>
          ))}
        </ul>
      )}
      {kind.startsWith('ingest.') && <DataPicker kind={kind} config={config} onChange={onChange} />}
      {tree.fields.length === 0 ? (
        <p className="cf-empty">This step has no settings.</p>
      ) : (
        <p className="cf-note">
          Any value may be a parameter: <code>{'${{ params.NAME }}'}</code>
        </p>
      )}
      {tree.fields.map((f) => (
        <Field key={f.key} node={f} path={[f.key]} ctx={ctx} />
      ))}
    </div>
  );
}

/** Errors at `path` (and, with `deep`, under it). */
function errorsAt(ctx: Ctx, path: Path, deep = false): string[] {
  if (!deep) return ctx.errors.get(pathKey(path)) ?? [];
  const prefix = pathKey(path).slice(0, -1);
  const out: string[] = [];
  for (const [k, msgs] of ctx.errors) {
    // Each message is a sentence naming its own field, nested ones included.
    if (k === pathKey(path) || k.startsWith(prefix + ',')) out.push(...msgs);
  }
  return out;
}

function Field({ node, path, ctx, label }: { node: FieldNode; path: Path; ctx: Ctx; label?: string }) {
  switch (node.type) {
    case 'object':
      return <ObjectView node={node} path={path} ctx={ctx} label={label} />;
    case 'record':
      return <RecordView node={node} path={path} ctx={ctx} label={label} />;
    case 'array':
      return <ArrayView node={node} path={path} ctx={ctx} label={label} />;
    default:
      return <ScalarView node={node} path={path} ctx={ctx} label={label} />;
  }
}

// --- shared pieces ---------------------------------------------------------------

function Help({ id, node, extra }: { id: string; node: FieldNode; extra?: string }) {
  const parts = [node.description, extra, node.default !== undefined ? `Default: ${show(node.default)}` : undefined];
  const text = parts.filter(Boolean).join(' · ');
  return text ? (
    <p id={id} className="cf-help">
      {text}
    </p>
  ) : null;
}

function Errors({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <p id={id} className="cf-error" role="alert">
      {messages.join(' ')}
    </p>
  );
}

/** The field's key as its label; the required mark stays outside so the accessible name is the key alone. */
function Label({ htmlFor, text, node }: { htmlFor: string; text: string; node: FieldNode }) {
  return (
    <span className="cf-label">
      <label htmlFor={htmlFor} className="mono">
        {text}
      </label>
      {node.required && (
        <span className="cf-required" aria-hidden="true" title="required">
          {' *'}
        </span>
      )}
    </span>
  );
}

function ResetButton({ present, node, name, onClick }: { present: boolean; node: FieldNode; name: string; onClick(): void }) {
  if (!present || node.required) return null;
  const what = node.default !== undefined ? `Reset ${name} to its default` : `Remove ${name}`;
  return (
    <button type="button" className="cf-icon" aria-label={what} title={what} onClick={onClick}>
      ×
    </button>
  );
}

/** `epochs` + `must be a whole number` → `epochs must be a whole number.` */
function sentence(field: string, problem: string): string {
  return `${field} ${problem}${/[.!?]$/.test(problem) ? '' : '.'}`;
}

function show(v: unknown): string {
  return typeof v === 'string' ? (v === '' ? '""' : v) : JSON.stringify(v);
}

/** Local text of an input that follows outside changes unless they only restate what is typed. */
function useDraft(external: unknown, format: (v: unknown) => string, same: (text: string, v: unknown) => boolean) {
  const [draft, setDraft] = useState(() => format(external));
  const [seen, setSeen] = useState(external);
  if (!Object.is(seen, external) && JSON.stringify(seen) !== JSON.stringify(external)) {
    setSeen(external);
    if (!same(draft, external)) setDraft(format(external));
  }
  return [draft, setDraft] as const;
}

// --- scalars ---------------------------------------------------------------------

function ScalarView({ node, path, ctx, label }: { node: FieldNode; path: Path; ctx: Ctx; label?: string }) {
  const id = useId();
  const value = valueAt(ctx.config, path);
  const present = value !== undefined;
  const name = label ?? node.key;
  const column = node.type === 'string' ? choiceAt(ctx.columns, path) : undefined;
  const columnList = column && !column.isKey ? column.columns : undefined;
  const paramable = node.type === 'boolean' || node.type === 'enum' || columnList !== undefined;
  const [paramMode, setParamMode] = useState(false);
  const asParam =
    paramable &&
    (paramMode || isTemplate(value) || (present && (columnList ? value !== null && !columnList.some((c) => c.name === value) : !matchesWidget(node, value))));
  const [localError, setLocalError] = useState<string | undefined>();
  // Local problems (text that does not read as a value) come as the rest of a sentence about the field.
  const onLocal = (problem: string | undefined) => setLocalError(problem && sentence(name, problem));
  const messages = [...(localError ? [localError] : []), ...errorsAt(ctx, path, node.type === 'unknown')];
  const emit = (v: unknown) => ctx.emit(path, v);
  const extra =
    node.type === 'number'
      ? boundsText(node)
      : column && !column.isKey
        ? columnHint(column)
        : node.type === 'string'
          ? stringHint(node)
          : undefined;
  const hasHelp = Boolean(node.description || node.default !== undefined || extra);
  const described = [hasHelp ? `${id}-help` : '', messages.length ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    'aria-describedby': described,
    'aria-invalid': messages.length > 0 || undefined,
    'aria-required': node.required || undefined,
  };

  let input: ReactNode;
  if (columnList && !asParam) {
    input = (
      <select
        {...common}
        className="cf-columns"
        value={typeof value === 'string' ? value : ''}
        required={node.required}
        onChange={(e) => emit(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="" disabled={node.required}>
          {node.required ? 'Choose a column…' : '(not set)'}
        </option>
        {columnList.map((c) => (
          <option key={c.name} value={c.name}>
            {columnLabel(c)}
          </option>
        ))}
      </select>
    );
  } else if (!asParam && node.type === 'string' && node.multiline) {
    input = <TextArea {...common} value={value} onText={(t) => emit(t === '' ? undefined : t)} />;
  } else if (asParam || node.type === 'string') {
    input = (
      <TextInput
        {...common}
        value={value}
        list={columnList ? `${id}-columns` : undefined}
        placeholder={asParam ? '${{ params.NAME }}' : node.default !== undefined ? show(node.default) : undefined}
        onText={(t) => emit(t === '' ? undefined : t)}
      />
    );
  } else if (node.type === 'number') {
    input = (
      <NumberInput {...common} node={node} value={value} onError={onLocal} onValue={emit} />
    );
  } else if (node.type === 'boolean') {
    input = (
      <input
        {...common}
        type="checkbox"
        className="cf-check"
        checked={present ? value === true : node.default === true}
        onChange={(e) => emit(e.target.checked)}
      />
    );
  } else if (node.type === 'enum') {
    const current = present ? String(value) : '';
    input = (
      <select
        {...common}
        value={current}
        required={node.required}
        onChange={(e) => {
          const opt = node.options.find((o) => String(o) === e.target.value);
          emit(opt === undefined ? undefined : opt);
        }}
      >
        {node.required ? (
          <option value="" disabled>
            Choose…
          </option>
        ) : (
          <option value="">{node.default !== undefined ? `(default: ${show(node.default)})` : '(not set)'}</option>
        )}
        {node.options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  } else if (node.type === 'scalar') {
    input = (
      <TextInput
        {...common}
        value={value}
        placeholder={node.default !== undefined ? show(node.default) : node.types.join(' | ')}
        onText={(t) => emit(t === '' ? undefined : parseScalarText(t, node.types))}
      />
    );
  } else {
    input = <JsonInput {...common} value={value} onError={onLocal} onValue={emit} />;
  }

  return (
    <div className={`cf-field cf-${node.type}${column ? ' cf-column' : ''}`} data-path={path.join('.')}>
      <div className="cf-row">
        <Label htmlFor={id} text={name} node={node} />
        <div className="cf-control">
          {input}
          {columnList && asParam && <ColumnDatalist id={`${id}-columns`} columns={columnList} />}
          {paramable && (
            <button
              type="button"
              className="cf-icon cf-param"
              aria-pressed={asParam}
              aria-label={columnList ? `Type ${name} as text or a parameter` : `Use a parameter for ${name}`}
              title={columnList ? 'Type a column name or a ${{ params.NAME }} reference' : 'Use a ${{ params.NAME }} reference'}
              onClick={() => {
                if (asParam) {
                  setParamMode(false);
                  if (isTemplate(value)) emit(undefined);
                } else setParamMode(true);
              }}
            >
              {'{}'}
            </button>
          )}
          <ResetButton present={present} node={node} name={name} onClick={() => { setLocalError(undefined); emit(undefined); }} />
        </div>
      </div>
      <Help id={`${id}-help`} node={node} extra={extra} />
      <Errors id={`${id}-err`} messages={messages} />
    </div>
  );
}

function matchesWidget(node: FieldNode, value: unknown): boolean {
  if (node.type === 'boolean') return typeof value === 'boolean';
  if (node.type === 'enum') return node.options.some((o) => o === value);
  return true;
}

/** The columns not listed yet, to add one to a list or a map of columns. */
function ColumnToAdd({ id, columns, value, onChange }: { id: string; columns: { name: string; type: string }[]; value: string; onChange: (v: string) => void }) {
  return (
    <select id={id} className="cf-columns" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{columns.length ? 'Choose a column…' : 'every column is listed'}</option>
      {columns.map((c) => (
        <option key={c.name} value={c.name}>
          {columnLabel(c)}
        </option>
      ))}
    </select>
  );
}

/** A column as an option's text: its name and type. */
function columnLabel(c: { name: string; type: string }): string {
  return `${c.name} · ${c.type}`;
}

/** What a column field's help says about where its choices come from. */
function columnHint(choice: ColumnChoice): string {
  const kinds = choice.types ? `${choice.types.join('/')} columns` : 'columns';
  if (!choice.from) return `Connect the ${choice.port} input to choose from its ${kinds}`;
  if (!choice.columns) return `The columns of ${choice.from} are not known here (declare them on the ingest step to choose from them)`;
  if (choice.columns.length === 0) return `${choice.from} has no ${kinds}`;
  return `One of the ${kinds} of ${choice.from}`;
}

function ColumnDatalist({ id, columns }: { id: string; columns: readonly { name: string; type: string }[] }) {
  return (
    <datalist id={id}>
      {columns.map((c) => (
        <option key={c.name} value={c.name} label={c.type} />
      ))}
    </datalist>
  );
}

function stringHint(node: FieldNode & { type: 'string' }): string | undefined {
  if (node.minLength === 1 && node.maxLength === 1) return 'one character';
  if (node.pattern) return `pattern ${node.pattern}`;
  return undefined;
}

type InputAttrs = { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; 'aria-required'?: boolean };

function TextInput(props: InputAttrs & { value: unknown; placeholder?: string; list?: string; onText(text: string): void }) {
  const { value, placeholder, onText, ...attrs } = props;
  const format = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));
  const [draft, setDraft] = useDraft(value, format, (t, v) => format(v) === t || (t === '' && v === undefined));
  return (
    <input
      {...attrs}
      type="text"
      className="cf-text"
      value={draft}
      placeholder={placeholder}
      spellCheck={false}
      onChange={(e) => {
        setDraft(e.target.value);
        onText(e.target.value);
      }}
    />
  );
}

function TextArea(props: InputAttrs & { value: unknown; onText(text: string): void }) {
  const { value, onText, ...attrs } = props;
  const format = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const [draft, setDraft] = useDraft(value, format, (t, v) => format(v) === t || (t === '' && v === undefined));
  return (
    <textarea
      {...attrs}
      className="cf-text cf-textarea mono"
      value={draft}
      rows={Math.min(12, Math.max(4, draft.split('\n').length + 1))}
      spellCheck={false}
      onChange={(e) => {
        setDraft(e.target.value);
        onText(e.target.value);
      }}
    />
  );
}

function NumberInput(
  props: InputAttrs & { node: NumberField; value: unknown; onError(e: string | undefined): void; onValue(v: unknown): void },
) {
  const { node, value, onError, onValue, ...attrs } = props;
  const format = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const [draft, setDraft] = useDraft(value, format, (t, v) => {
    const r = parseNumberText(t, node);
    return 'value' in r && r.value === v;
  });
  return (
    <input
      {...attrs}
      type="text"
      inputMode="decimal"
      className="cf-text cf-num"
      value={draft}
      placeholder={node.default !== undefined ? show(node.default) : undefined}
      spellCheck={false}
      onChange={(e) => {
        setDraft(e.target.value);
        const r = parseNumberText(e.target.value, node);
        if ('error' in r) return onError(r.error);
        onError(undefined);
        onValue(r.value);
      }}
    />
  );
}

function JsonInput(props: InputAttrs & { value: unknown; onError(e: string | undefined): void; onValue(v: unknown): void }) {
  const { value, onError, onValue, ...attrs } = props;
  const format = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));
  const [draft, setDraft] = useDraft(value, format, (t, v) => {
    try {
      return JSON.stringify(JSON.parse(t)) === JSON.stringify(v);
    } catch {
      return false;
    }
  });
  return (
    <input
      {...attrs}
      type="text"
      className="cf-text mono"
      value={draft}
      placeholder="JSON"
      spellCheck={false}
      onChange={(e) => {
        setDraft(e.target.value);
        if (e.target.value.trim() === '') return (onError(undefined), onValue(undefined));
        try {
          const v: unknown = JSON.parse(e.target.value);
          onError(undefined);
          onValue(v);
        } catch {
          onError('is not valid JSON');
        }
      }}
    />
  );
}

// --- arrays (tag list) --------------------------------------------------------------

function ArrayView({ node, path, ctx, label }: { node: ArrayField; path: Path; ctx: Ctx; label?: string }) {
  const id = useId();
  const name = label ?? node.key;
  const raw = valueAt(ctx.config, path);
  const present = raw !== undefined;
  const list: unknown[] = Array.isArray(raw) ? raw : !present && Array.isArray(node.default) ? node.default : [];
  const usingDefault = !present && node.default !== undefined;
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const item = node.item;
  const messages = [...(localError ? [localError] : []), ...errorsAt(ctx, path, true)];
  const itemKind = item.type;
  const simple = itemKind === 'string' || itemKind === 'number' || itemKind === 'scalar' || itemKind === 'enum';
  const column = itemKind === 'string' ? choiceAt(ctx.columns, [...path, 0]) : undefined;
  const unused = column?.columns?.filter((c) => !list.includes(c.name));

  if (!simple) {
    // Arrays of objects or nested arrays: edited as JSON.
    return <ScalarView node={{ ...node, type: 'unknown' }} path={path} ctx={ctx} label={label} />;
  }

  const write = (next: unknown[]) => {
    setLocalError(undefined);
    ctx.emit(path, next.length === 0 && !node.required && node.default === undefined ? undefined : next);
  };
  const parseItem = (t: string): { value: unknown } | { error: string } => {
    if (item.type === 'number') {
      const r = parseNumberText(t, item);
      return 'error' in r ? r : { value: r.value };
    }
    if (item.type === 'scalar') return { value: parseScalarText(t, item.types) };
    if (item.type === 'enum') {
      const opt = item.options.find((o) => String(o) === t);
      return opt === undefined ? { error: `must be one of ${item.options.join(', ')}` } : { value: opt };
    }
    return { value: t };
  };
  const add = () => {
    const t = text.trim();
    if (!t) return;
    const r = parseItem(t);
    if ('error' in r) return setLocalError(sentence(`${name} item "${t}"`, r.error));
    write([...list, r.value]);
    setText('');
  };
  const described = [`${id}-help`, messages.length ? `${id}-err` : ''].filter(Boolean).join(' ');
  const constraint = [
    node.minItems !== undefined ? `at least ${node.minItems}` : '',
    node.maxItems !== undefined ? `at most ${node.maxItems}` : '',
  ].filter(Boolean).join(', ');

  return (
    <fieldset className="cf-field cf-array" data-path={path.join('.')} aria-describedby={described}>
      <legend className="cf-label">
        <span className="mono">{name}</span>
        {node.required && <span className="cf-required" aria-hidden="true"> *</span>}
        {usingDefault && <span className="cf-badge">default</span>}
      </legend>
      <ul className={`cf-tags${usingDefault ? ' cf-defaulted' : ''}`} aria-label={`${name} items`}>
        {list.map((v, i) => (
          <li key={`${i}:${String(v)}`} className="cf-tag">
            <span className="mono">{show(v)}</span>
            <button type="button" className="cf-icon" aria-label={`Remove ${show(v)} from ${name}`} onClick={() => write(list.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
        {list.length === 0 && <li className="cf-muted">none</li>}
      </ul>
      <div className="cf-add">
        <label htmlFor={`${id}-new`} className="visually-hidden">{`Add to ${name}`}</label>
        {unused ? (
          <ColumnToAdd id={`${id}-new`} columns={unused} value={text} onChange={setText} />
        ) : item.type === 'enum' ? (
          <select id={`${id}-new`} value={text} onChange={(e) => setText(e.target.value)}>
            <option value="">Choose…</option>
            {item.options.map((o) => (
              <option key={String(o)} value={String(o)}>
                {String(o)}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={`${id}-new`}
            type="text"
            className="cf-text"
            value={text}
            placeholder={item.type === 'number' ? 'number' : item.description ?? 'value'}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
        )}
        <button type="button" onClick={add} disabled={!text.trim()}>
          Add
        </button>
        <ResetButton present={present} node={node} name={name} onClick={() => { setLocalError(undefined); ctx.emit(path, undefined); }} />
      </div>
      <Help id={`${id}-help`} node={node} extra={[column && columnHint(column), constraint].filter(Boolean).join(' · ') || undefined} />
      <Errors id={`${id}-err`} messages={messages} />
    </fieldset>
  );
}

// --- objects and records -------------------------------------------------------------

function ObjectView({ node, path, ctx, label }: { node: ObjectField; path: Path; ctx: Ctx; label?: string }) {
  const id = useId();
  const name = label ?? node.key;
  const messages = errorsAt(ctx, path);
  return (
    <fieldset className="cf-field cf-object" data-path={path.join('.')}>
      <legend className="cf-label">
        <span className="mono">{name}</span>
      </legend>
      {node.description && <p className="cf-help">{node.description}</p>}
      {node.fields.map((f) => (
        <Field key={f.key} node={f} path={[...path, f.key]} ctx={ctx} />
      ))}
      <Errors id={`${id}-err`} messages={messages} />
    </fieldset>
  );
}

/** Starting value of a new record entry: required enums get their first option, the rest stays empty. */
export function initialValue(node: FieldNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(
        node.fields.filter((f) => f.required && f.type === 'enum').map((f) => [f.key, (f as { options: unknown[] }).options[0]]),
      );
    case 'record':
      return {};
    case 'array':
      return [];
    case 'boolean':
      return node.default ?? false;
    case 'enum':
      return node.default ?? node.options[0];
    case 'number':
      return node.default ?? node.min ?? 0;
    default:
      return node.default ?? '';
  }
}

function RecordView({ node, path, ctx, label }: { node: RecordField; path: Path; ctx: Ctx; label?: string }) {
  const id = useId();
  const name = label ?? node.key;
  const raw = valueAt(ctx.config, path);
  const present = raw !== undefined;
  const entries = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.entries(raw) : [];
  const [newKey, setNewKey] = useState('');
  const [keyError, setKeyError] = useState<string | undefined>();
  const messages = [...(keyError ? [keyError] : []), ...errorsAt(ctx, path)];
  const keyRule = node.keyPattern ? new RegExp(node.keyPattern) : undefined;
  const column = choiceAt(ctx.columns, [...path, '']);
  const unused = column?.isKey ? column.columns?.filter((c) => !entries.some(([k]) => k === c.name)) : undefined;

  const add = () => {
    const k = newKey.trim();
    if (!k) return;
    if (entries.some(([e]) => e === k)) return setKeyError(`${name} already has "${k}".`);
    if (keyRule && !keyRule.test(k)) return setKeyError(`${name} cannot have the key "${k}": a key must match ${node.keyPattern}.`);
    setKeyError(undefined);
    ctx.emit([...path, k], initialValue(node.value));
    setNewKey('');
  };

  return (
    <fieldset className="cf-field cf-record" data-path={path.join('.')}>
      <legend className="cf-label">
        <span className="mono">{name}</span>
        {node.required && <span className="cf-required" aria-hidden="true"> *</span>}
      </legend>
      {node.description && <p className="cf-help">{node.description}</p>}
      {entries.length === 0 && <p className="cf-muted">No entries.</p>}
      {entries.map(([k]) => (
        <div key={k} className="cf-entry" data-key={k}>
          <div className="cf-entry-head">
            <span className="mono strong">{k}</span>
            <button type="button" className="cf-icon" aria-label={`Remove ${k} from ${name}`} onClick={() => ctx.emit([...path, k], undefined)}>
              ×
            </button>
          </div>
          {node.value.type === 'object' ? (
            <>
              {node.value.fields.map((f) => (
                <Field key={f.key} node={f} path={[...path, k, f.key]} ctx={ctx} label={`${k}.${f.key}`} />
              ))}
              <Errors id={`${id}-${k}-err`} messages={errorsAt(ctx, [...path, k])} />
            </>
          ) : (
            <Field node={{ ...node.value, key: k }} path={[...path, k]} ctx={ctx} label={`${name}.${k}`} />
          )}
        </div>
      ))}
      <div className="cf-add">
        <label htmlFor={`${id}-key`} className="visually-hidden">{`New ${name} key`}</label>
        {unused ? (
          <ColumnToAdd id={`${id}-key`} columns={unused} value={newKey} onChange={setNewKey} />
        ) : (
          <input
            id={`${id}-key`}
            type="text"
            className="cf-text"
            value={newKey}
            placeholder={node.keyDescription ?? 'key'}
            spellCheck={false}
            onChange={(e) => setNewKey(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
        )}
        <button type="button" onClick={add} disabled={!newKey.trim()}>
          {`Add ${node.keyDescription?.toLowerCase() ?? 'key'}`}
        </button>
        <ResetButton present={present} node={node} name={name} onClick={() => ctx.emit(path, undefined)} />
      </div>
      {column?.isKey && <p className="cf-help">{columnHint(column)}</p>}
      <Errors id={`${id}-err`} messages={messages} />
    </fieldset>
  );
}
