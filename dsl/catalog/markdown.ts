// docs/step-kinds.md, rendered from the catalog: each kind's description, mode, ports and every config field
// (type, default, bounds, help text), and the keys every step shares: gates, params and `${{ }}`, execution
// options and where data must live. Pure: the writer (cli/tools/step-kinds-doc.ts) puts it on disk and a
// test keeps the file current.
import { z } from 'zod';
import { DURATION, REFUSED_RESOURCES, STEP_KEYS } from '../grammar';
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
  out.push('', '- Every step: [gates](#gates), [params and `${{ }}`](#params-and--), [execution options](#execution-options), [where data must live](#where-data-must-live)', '');
  out.push(...renderCommon(kinds));
  for (const kind of kinds) out.push(...renderKind(kind));
  return `${out.join('\n').trimEnd()}\n`;
}

/** The keys every step shares (dsl/grammar.ts's StepEnvelope), with the metrics each kind reports for gates. */
function renderCommon(kinds: readonly AnyStepKind[]): string[] {
  const withMetrics = kinds.filter((k) => k.metrics && k.metrics.length > 0);
  const pathKinds = kinds.filter((k) => k.pathFields.length > 0);
  return [
    '## Keys of every step',
    '',
    `A step holds \`uses:\` (its kind), \`in:\` (input port → \`step.output\`), \`with:\` (the settings below) and any of: ${STEP_KEYS.filter((k) => !['uses', 'in', 'with'].includes(k)).map((k) => `\`${k}\``).join(', ')}. Any other key is an error at its line.`,
    '',
    '### Gates',
    '',
    '`gate:` maps a metric to a condition: `OP NUMBER` with OP one of `>=`, `>`, `<=`, `<`, `==`, `!=`, or a bare number,',
    'meaning `>=`. The step fails, and with it the run, when a condition is unmet (`accuracy = 0.8400 does not meet >= 0.9`);',
    'a gated version is also what promotion to production checks. The metric must be one the kind reports:',
    '',
    '```yaml',
    '  evaluate:',
    '    uses: evaluate.classifier',
    '    in: { model: train.model, table: split.test }',
    '    gate: { accuracy: ">= ${{ params.minAccuracy }}", logLoss: "< 0.5" }',
    '```',
    '',
    '| kind | metrics it reports (for `gate:` and `when:`) |',
    '|---|---|',
    ...withMetrics.map((k) => `| [\`${k.kind}\`](#${anchor(k.kind)}) | ${(k.metrics ?? []).map((m) => `\`${m}\``).join(', ')} |`),
    '',
    '### Params and `${{ }}`',
    '',
    'A pipeline declares its parameters under `params:` (`type`: `number`, `integer`, `string` or `boolean`; an optional',
    '`default` and `description`); a run gives values (`headrace run FILE --param minAccuracy=0.8`, or the Run form in',
    'the editor), else the default is used; a parameter with neither is an error. `${{ params.NAME }}`',
    'may stand for a whole `with:` value (a number or boolean setting accepts it and gets the typed value), inside a',
    'gate condition, and in `when:`. Values are fixed when the run starts and recorded with it.',
    '',
    '### Execution options',
    '',
    '| key | example | meaning |',
    '|---|---|---|',
    '| `retry` | `{ attempts: 5, backoff: 2 }` | attempts, the first included, and the multiplier of the wait between them (default: the kind\'s, listed under each kind) |',
    '| `timeout` | `30m` or `1800` | how long one attempt may run: seconds, or a duration (`"30s"`, `"10m"`, `"1h"`, `"2d"`) |',
    `| \`resources\` | \`{ gpu: 1 }\` | \`gpu: N\` with N > 0 runs the step on the GPU queue (\`headrace worker --queue gpu\`); ${REFUSED_RESOURCES.map((r) => `\`${r}\``).join(' and ')} are refused: no worker reserves or enforces them |`,
    '| `cache` | `true` | reuse an earlier result with the same kind, version, config and inputs ([caching.md](caching.md)); `headrace run --no-cache` overrides |',
    '| `when` | `${{ steps.evaluate.metrics.accuracy }} >= 0.9` | run the step only if the condition holds, else skip it with the reason ([language.md](language.md#when--run-a-step-only-if-a-condition-holds)) |',
    '| `needs` | `[review]` | steps that must finish first, besides those `in:` reads from |',
    '',
    '### Where data must live',
    '',
    `A file path in a step's settings (${pathKinds.map((k) => k.pathFields.map((f) => `\`${k.kind}\`'s \`${f}\``).join(', ')).join(', ')}) is resolved`,
    "against the pipeline file's folder and must lie under one of the platform's data roots: `HEADRACE_DATA_ROOTS`",
    '(comma-separated folders), else `$HEADRACE_HOME/data` and the folder the platform was started from. The roots are',
    'fixed by the server when it starts, never taken from a request. `headrace validate` refuses a path outside them at',
    'its value, naming the roots, and the workers apply the same rule when the run reads the file',
    '([language.md](language.md#data-paths), [security.md](security.md#data-roots)).',
    '',
  ];
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
  const variadic = kind.variadicInputs;
  if (inputs.length === 0 && outputs.length === 0 && !variadic) lines.push('No ports: order it with `needs:`.', '');
  if (inputs.length > 0 || variadic) {
    lines.push('Inputs:', '');
    for (const [name, p] of inputs) lines.push(`- \`${name}\` (${p.type}${p.optional ? ', optional' : ''}): ${p.description}`);
    if (variadic) lines.push(`- any name you choose (${variadic.type}, at least ${variadic.minimum}; letters, digits and \`_\`): ${variadic.description}`);
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
