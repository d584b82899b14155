// JSON schemas for kubeconform, made from the Kubernetes API's own OpenAPI (swagger 2.0) document without a network:
// one standalone, strict schema per resource kind, as kubeconform's schema repositories hold them
// (`<kind>-<group>-<version>.json`, every `$ref` inlined). What the conversion does is what those repositories'
// openapi2jsonschema does for the standalone-strict flavour:
// - `#/definitions/…` references are inlined (a definition that refers to itself, as CRD schemas do, becomes `{}`
//   where it recurs);
// - IntOrString (`format: int-or-string`) accepts a string or an integer, and a Quantity a string or a number, as
//   the API server does (the document types both as strings);
// - strict: an object with declared properties gets `additionalProperties: false`, so a misspelt or misplaced
//   field is an error rather than silently dropped by the API server;
// - `apiVersion` and `kind` are pinned to the resource's own values.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

interface Gvk { group: string; version: string; kind: string }

export interface KubernetesOpenapi {
  definitions: Record<string, Schema>;
  /** `apiVersion kind` → the definition's name. */
  resources: Map<string, string>;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

export function readKubernetesOpenapi(path: string): KubernetesOpenapi {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { definitions: Record<string, Schema> };
  const resources = new Map<string, string>();
  for (const [name, def] of Object.entries(doc.definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'] as unknown as Gvk[] | undefined;
    // DeleteOptions and WatchEvent are listed under every group: they are no resources one applies.
    if (!gvks || gvks.length !== 1) continue;
    resources.set(`${apiVersionOf(gvks[0])} ${gvks[0].kind}`, name);
  }
  return { definitions: doc.definitions, resources };
}

export function apiVersionOf(g: Gvk): string {
  return g.group ? `${g.group}/${g.version}` : g.version;
}

/** kubeconform's file name for a resource: `{{ .ResourceKind }}{{ .KindSuffix }}.json`. */
export function schemaFileName(apiVersion: string, kind: string): string {
  const [first, version] = apiVersion.split('/');
  const group = first.split('.')[0];
  return `${kind.toLowerCase()}-${group.toLowerCase()}${version ? `-${version.toLowerCase()}` : ''}.json`;
}

/** The standalone strict schema of one resource; throws for a kind the API does not have. */
export function strictSchema(api: KubernetesOpenapi, apiVersion: string, kind: string): Schema {
  const name = api.resources.get(`${apiVersion} ${kind}`);
  if (!name) throw new Error(`Kubernetes has no resource ${kind} in ${apiVersion}`);
  const root = inline(api.definitions, api.definitions[name], [name]);
  const props = root.properties as Record<string, Schema>;
  props.apiVersion = { type: 'string', enum: [apiVersion] };
  props.kind = { type: 'string', enum: [kind] };
  return root;
}

/** Writes the schemas of the given resources into `dir`, named as kubeconform looks for them. */
export function writeStrictSchemas(api: KubernetesOpenapi, dir: string, resources: Array<{ apiVersion: string; kind: string }>): string[] {
  const files = new Set<string>();
  for (const r of resources) {
    const file = schemaFileName(r.apiVersion, r.kind);
    if (files.has(file)) continue;
    writeFileSync(join(dir, file), JSON.stringify(strictSchema(api, r.apiVersion, r.kind)));
    files.add(file);
  }
  return [...files];
}

function inline(defs: Record<string, Schema>, node: Schema, stack: string[]): Schema {
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const name = ref.replace(/^#\/definitions\//, '');
    if (name === QUANTITY) return { oneOf: [{ type: 'string' }, { type: 'number' }] };
    if (stack.includes(name)) return {};
    const target = defs[name];
    if (!target) throw new Error(`unresolved reference ${ref}`);
    return inline(defs, target, [...stack, name]);
  }
  if (node.format === 'int-or-string') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([p, s]) => [p, inline(defs, s as Schema, stack)]));
    } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) {
      out[key] = inline(defs, value, stack);
    } else {
      out[key] = value;
    }
  }
  if (out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function isObject(v: Json | undefined): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
