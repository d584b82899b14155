// docs/step-kinds.md, rendered from the catalog: each kind's description, mode, ports and every config field
// (type, default, bounds, help text). Pure: the writer (cli/tools/step-kinds-doc.ts) puts it on disk and a
// test keeps the file current.
import { z } from 'zod';
import { DURATION } from '../grammar';
import { catalog } from './index';
import { STEP_GROUPS, type AnyStepKind } from './types';

type Json = Record<string, any>;

export function renderStepKindsMarkdown(kinds: readonly AnyStepKind[] = Object.values(catalog)): string {
  const out: string[] = [
    '# Step kinds',
    '',
    '<!-- Generated from the step catalog (dsl/catalog) by `npm run docs:kinds`; a test fails when it is not current. -->',
    '',
    'Every kind a pipeline can `uses:`, with its ports (connected with `in:`) and its `with:` settings. Values may be',
    '`${{ params.NAME }}`. Durations are written like `"30s"`, `"10m"`, `"24h"` or `"7d"`. The same text feeds the',
    "editor's palette and forms and the JSON Schema (`headrace schema`).",
    '',
  ];
  for (const group of STEP_GROUPS) {
    const inGroup = kinds.filter((k) => k.group === group.id);
    if (inGroup.length === 0) continue;
    out.push(`- ${group.label}: ${inGroup.map((k) => `[\`${k.kind}\`](#${anchor(k.kind)})`).join(', ')}`);
  }
  out.push('');
  for (const kind of kinds) out.push(...renderKind(kind));
  return `${out.join('\n').trimEnd()}\n`;
}

function anchor(kind: string): string {
  return kind.replace(/[^a-z0-9-]/g, '');
}

function renderKind(kind: AnyStepKind): string[] {
  const mode = kind.mode ?? 'activity';
  const how =
    mode === 'activity'
      ? `an activity on the \`${kind.execution.taskQueue}\` queue, timeout ${kind.execution.timeoutSeconds} s, ${kind.execution.retry.maximumAttempts} attempts`
      : mode === 'workflow'
        ? 'inside the workflow (a durable timer or signal; no worker slot is held)'
        : 'as a child workflow';
  const lines = [`## \`${kind.kind}\``, '', kind.description, '', `Runs ${how}. Version ${kind.version}.`, ''];
  const inputs = Object.entries(kind.inputs);
  const outputs = Object.entries(kind.outputs);
  if (inputs.length === 0 && outputs.length === 0) lines.push('No ports: order it with `needs:`.', '');
  if (inputs.length > 0) {
    lines.push('Inputs:', '');
    for (const [name, p] of inputs) lines.push(`- \`${name}\` (${p.type}${p.optional ? ', optional' : ''}): ${p.description}`);
    lines.push('');
  }
  if (outputs.length > 0) {
    lines.push('Outputs:', '');
    for (const [name, p] of outputs) lines.push(`- \`${name}\` (${p.type}): ${p.description}`);
    lines.push('');
  }
  if (kind.metrics) lines.push(`Metrics it reports (for \`gate:\` and \`when:\`): ${kind.metrics.map((m) => `\`${m}\``).join(', ')}.`, '');
  lines.push(...renderConfig(kind));
  return lines;
}

function renderConfig(kind: AnyStepKind): string[] {
  const schema = z.toJSONSchema(kind.config, { io: 'input', unrepresentable: 'any' }) as Json;
  const props = Object.entries((schema.properties ?? {}) as Record<string, Json>);
  if (props.length === 0) return ['No settings.', ''];
  const required = new Set<string>((schema.required as string[] | undefined) ?? []);
  const lines = ['| setting | type | default | allowed | what it does |', '|---|---|---|---|---|'];
  for (const [name, prop] of props) {
    const isPath = kind.pathFields.includes(name);
    const description = (prop.description as string | undefined) ?? '';
    const help = isPath && !/relative/.test(description) ? `${description} (relative to the pipeline file's folder)` : description;
    const def = prop.default !== undefined ? code(prop.default) : required.has(name) ? '**required**' : '—';
    lines.push(`| \`${name}\` | ${typeOf(prop)} | ${def} | ${bounds(prop) || '—'} | ${cell(help)} |`);
  }
  lines.push('');
  return lines;
}

function code(v: unknown): string {
  return `\`${JSON.stringify(v)}\``.replace(/\|/g, '\\|');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function typeOf(prop: Json): string {
  if (prop.enum) return 'text';
  if (prop.anyOf) return (prop.anyOf as Json[]).map(typeOf).join(' or ');
  if (prop.type === 'array') return `list of ${typeOf(prop.items ?? {})}`;
  if (prop.type === 'object') {
    const values = prop.additionalProperties;
    return values && typeof values === 'object' ? `map of ${typeOf(values)}` : 'map';
  }
  if (prop.format === 'date-time') return 'time';
  if (prop.type === 'string') return prop.pattern === DURATION.source ? 'duration' : 'text';
  return (prop.type as string | undefined) ?? 'any';
}

function bounds(prop: Json): string {
  const parts: string[] = [];
  const values = prop.enum ?? prop.items?.enum;
  if (values) parts.push((values as unknown[]).map((v) => `\`${String(v)}\``).join(', '));
  // zod's integers carry the safe-integer range as bounds: not worth a reader's attention.
  const safe = (n: unknown) => typeof n === 'number' && Math.abs(n) >= Number.MAX_SAFE_INTEGER;
  if (prop.minimum !== undefined && !safe(prop.minimum)) parts.push(`≥ ${prop.minimum}`);
  if (prop.exclusiveMinimum !== undefined) parts.push(`> ${prop.exclusiveMinimum}`);
  if (prop.maximum !== undefined && !safe(prop.maximum)) parts.push(`≤ ${prop.maximum}`);
  if (prop.exclusiveMaximum !== undefined) parts.push(`< ${prop.exclusiveMaximum}`);
  if (prop.minItems !== undefined) parts.push(`at least ${prop.minItems} item(s)`);
  if (prop.maxItems !== undefined) parts.push(`at most ${prop.maxItems} item(s)`);
  if (prop.minLength !== undefined && prop.minLength > 1) parts.push(`at least ${prop.minLength} characters`);
  if (prop.type === 'integer') parts.push('whole number');
  if (prop.format === 'date-time') parts.push('ISO 8601 with a zone');
  return parts.join('; ');
}
