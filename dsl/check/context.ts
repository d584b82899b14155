// What every rule sees: the AST, the catalog lookups, derived facts computed once, and `report`.
import type { Node } from 'yaml';
import { getStepKind, type AnyStepKind, type TableSchemas } from '../catalog';
import type { Diagnostic, Severity } from '../diagnostics';
import { topoOrder } from '../graph';
import type { PipelineAst, StepAst } from '../parse/ast';
import { toJS } from '../parse/nodes';
import { diagnosticAt, spanOf, type Span } from '../parse/positions';
import { substitute, type Path } from '../parse/templates';
import { parseWhen, type ParsedWhen } from '../when/parse';
import { paramDefaults } from './paramValues';
import { fastSchema } from './fast-schema';

export const MAX_DIAGNOSTICS = 100;

export interface CheckOptions {
  /** Resolved parameter values; declared defaults (of the right type) when absent. */
  params?: Record<string, unknown>;
  /** Folder of the pipeline file (posix, absolute); relative paths in config are resolved against it. */
  baseDir?: string;
  /** Folders (posix, absolute) that path config fields must stay under; unchecked when absent. */
  dataRoots?: readonly string[];
}

export interface StepConfig {
  /** `with:` after parameter substitution. */
  raw: unknown;
  /** Paths whose value names a parameter without a value: not checked. */
  unresolved: Path[];
  /** Config with defaults applied, when valid. */
  parsed?: Record<string, unknown>;
  issues: import('zod').core.$ZodIssue[];
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly params: Record<string, unknown>;
  readonly baseDir?: string;
  readonly dataRoots?: readonly string[];
  /** First step of each id (a duplicate id is already a YAML error). */
  readonly stepById = new Map<string, StepAst>();
  private configs = new Map<StepAst, StepConfig>();
  private conditions = new Map<StepAst, ParsedWhen>();
  private ancestors = new Map<string, Set<string>>();
  private deps = new Map<StepAst, readonly string[]>();
  private topo?: { order: readonly string[] | undefined };
  private schemas?: Map<string, TableSchemas>;

  constructor(
    readonly ast: PipelineAst,
    options: CheckOptions = {},
  ) {
    this.params = options.params ?? paramDefaults(ast);
    this.baseDir = options.baseDir;
    this.dataRoots = options.dataRoots;
    for (const step of ast.steps) if (!this.stepById.has(step.id)) this.stepById.set(step.id, step);
  }

  report(node: Node | null | undefined, message: string, code: string, severity: Severity = 'error'): void {
    this.reportSpan(spanOf(node), message, code, severity);
  }

  reportSpan(span: Span, message: string, code: string, severity: Severity = 'error'): void {
    if (this.diagnostics.length >= MAX_DIAGNOSTICS) return;
    this.diagnostics.push(diagnosticAt(this.ast.lineCounter, span, message, code, severity));
  }

  kindOf(step: StepAst): AnyStepKind | undefined {
    return step.uses ? getStepKind(step.uses.value) : undefined;
  }

  /** Steps this one waits for: existing producers of its inputs and its `needs`, without itself (found once). */
  depsOf(step: StepAst): readonly string[] {
    let known = this.deps.get(step);
    if (!known) {
      const ids = new Set<string>();
      for (const i of step.inputs) if (i.step && i.step !== step.id && this.stepById.has(i.step)) ids.add(i.step);
      for (const n of step.needs) if (n.value && n.value !== step.id && this.stepById.has(n.value)) ids.add(n.value);
      known = [...ids];
      this.deps.set(step, known);
    }
    return known;
  }

  /** Every step this one waits for, directly or through others (a cycle stops the walk). */
  upstreamOf(id: string): Set<string> {
    const known = this.ancestors.get(id);
    if (known) return known;
    const out = new Set<string>();
    this.ancestors.set(id, out); // seen first: a cycle ends here instead of looping
    const step = this.stepById.get(id);
    for (const dep of step ? this.depsOf(step) : []) {
      out.add(dep);
      for (const a of this.upstreamOf(dep)) out.add(a);
    }
    return out;
  }

  /** The step's `when:` condition, parsed once (undefined when it has none). */
  condition(step: StepAst): ParsedWhen | undefined {
    if (!step.when) return undefined;
    let parsed = this.conditions.get(step);
    if (!parsed) {
      parsed = parseWhen(step.when.value);
      this.conditions.set(step, parsed);
    }
    return parsed;
  }

  /** Topological order of step ids, or undefined when the graph has a cycle (found once). */
  order(): readonly string[] | undefined {
    if (!this.topo) {
      const ids = [...this.stepById.keys()];
      this.topo = { order: topoOrder(ids, new Map(ids.map((id) => [id, this.depsOf(this.stepById.get(id) as StepAst)]))) };
    }
    return this.topo.order;
  }

  config(step: StepAst): StepConfig {
    let c = this.configs.get(step);
    if (!c) {
      const kind = this.kindOf(step);
      const { value, unresolved } = substitute(toJS(step.with?.value, this.ast.doc) ?? {}, this.params);
      const result = kind && fastSchema(kind.config).safeParse(value, { reportInput: true });
      c = {
        raw: value,
        unresolved,
        parsed: result?.success ? (result.data as Record<string, unknown>) : undefined,
        issues: result && !result.success ? result.error.issues : [],
      };
      this.configs.set(step, c);
    }
    return c;
  }

  /** Output table schemas per step id, propagated in topological order where kinds declare them. */
  tableSchemas(): Map<string, TableSchemas> {
    if (this.schemas) return this.schemas;
    const out = new Map<string, TableSchemas>();
    for (const id of this.order() ?? []) {
      const step = this.stepById.get(id) as StepAst;
      const inputs: TableSchemas = {};
      for (const input of step.inputs) {
        if (input.step && input.output) inputs[input.port] = out.get(input.step)?.[input.output];
      }
      const kind = this.kindOf(step);
      const config = this.config(step).parsed;
      out.set(id, kind?.schema && config ? kind.schema(inputs, config) : {});
    }
    this.schemas = out;
    return out;
  }
}
