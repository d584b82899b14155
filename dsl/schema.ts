// JSON Schema of a whole pipeline file, for Monaco and VS Code, generated from the catalog's zod schemas.
import { z } from 'zod';
import { stepKinds, type AnyStepKind } from './catalog';
import { VARIADIC_PORT_NAME } from './catalog/types';
import { GateValue, ParamDecl, PipelineEnvelope, PIPELINE_NAME, PORT_REF, STEP_ID, StepEnvelope, SupportedResources, Trigger, PARAM_NAME } from './grammar';
import { PipelineMonitorSection } from './monitor';

type Json = Record<string, unknown>;

/** A `with:` value may be a `${{ params.NAME }}` string wherever a number or boolean is expected. */
const TEMPLATE = { type: 'string', pattern: '^\\s*\\$\\{\\{\\s*params\\.[A-Za-z_][A-Za-z0-9_]*\\s*\\}\\}\\s*$' };

function toJson(schema: z.ZodType): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

function allowTemplates(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowTemplates);
  if (!node || typeof node !== 'object') return node;
  const out: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, allowTemplates(v)]));
  if (out.type === 'number' || out.type === 'integer' || out.type === 'boolean') {
    const { description, default: def, ...typed } = out;
    return { anyOf: [typed, TEMPLATE], ...(description !== undefined && { description }), ...(def !== undefined && { default: def }) };
  }
  return out;
}

function inputsSchema(kind: AnyStepKind): Json {
  const properties = Object.fromEntries(
    Object.entries(kind.inputs).map(([port, p]) => [
      port,
      { type: 'string', pattern: PORT_REF.source, description: `${p.type}${p.optional ? ' (optional)' : ''}: ${p.description}` },
    ]),
  );
  const required = Object.entries(kind.inputs).filter(([, p]) => !p.optional).map(([port]) => port);
  const v = kind.variadicInputs;
  const additional = v ? { type: 'string', pattern: PORT_REF.source, description: `${v.type}: ${v.description}` } : false;
  return {
    type: 'object', properties, additionalProperties: additional, ...(v && { propertyNames: { pattern: VARIADIC_PORT_NAME.source } }),
    ...(required.length && { required }), ...(v && v.minimum > 0 && { minProperties: v.minimum }),
  };
}

function kindClause(kind: AnyStepKind): Json {
  const config = allowTemplates(toJson(kind.config)) as Json;
  const configRequired = Array.isArray(config.required) && config.required.length > 0;
  const hasRequiredInputs = Object.values(kind.inputs).some((p) => !p.optional) || (kind.variadicInputs?.minimum ?? 0) > 0;
  return {
    if: { properties: { uses: { const: kind.kind } }, required: ['uses'] },
    then: {
      properties: { with: config, in: inputsSchema(kind) },
      required: [...(hasRequiredInputs ? ['in'] : []), ...(configRequired ? ['with'] : [])],
    },
  };
}

export function pipelineJsonSchema(): Json {
  const kinds = stepKinds();
  const step = toJson(StepEnvelope);
  const stepProps = step.properties as Json;
  stepProps.uses = { enum: kinds.map((k) => k.kind), description: 'Step kind', markdownEnumDescriptions: kinds.map((k) => k.description) };
  // cpu/memory are refused (no worker enforces them): editors flag them as they are typed.
  stepProps.resources = { ...toJson(SupportedResources), description: 'Resources the step needs: gpu routes it to the GPU queue' };
  stepProps.gate = { type: 'object', additionalProperties: allowTemplates(toJson(GateValue)), description: 'Metric conditions that fail the run when unmet' };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://headrace.dev/schema/pipeline-v1.json',
    title: 'Headrace pipeline (v1)',
    type: 'object',
    additionalProperties: false,
    required: ['headrace', 'name', 'steps'],
    properties: {
      headrace: { const: 1, description: 'Language version' },
      name: { type: 'string', pattern: PIPELINE_NAME.source, description: 'Pipeline name' },
      description: { type: 'string' },
      params: { type: 'object', propertyNames: { pattern: PARAM_NAME.source }, additionalProperties: toJson(ParamDecl) },
      triggers: { type: 'array', items: toJson(Trigger) },
      cooldown: toJson(PipelineEnvelope.shape.cooldown),
      monitor: toJson(PipelineMonitorSection),
      steps: { type: 'object', propertyNames: { pattern: STEP_ID.source }, additionalProperties: { $ref: '#/$defs/step' } },
    },
    $defs: { step: { ...step, allOf: kinds.map(kindClause) } },
  };
}
