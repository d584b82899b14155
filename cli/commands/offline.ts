// `validate` and `compile`: the language alone, offline — no server, no database.
import { readFile, stat, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { compile } from '../../dsl/compile';
import { formatDiagnostic } from '../../dsl/diagnostics';
import { green } from '../output';

/** Expands directories into the pipeline files they hold (`*.pipeline.yaml`, `pipeline.yaml`). */
export async function pipelineFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => undefined);
    if (!s) throw new Error(`${p}: no such file or directory`);
    if (!s.isDirectory()) { out.push(p); continue; }
    for (const e of await readdir(p, { withFileTypes: true, recursive: true })) {
      if (e.isFile() && (e.name === 'pipeline.yaml' || e.name.endsWith('.pipeline.yaml'))) {
        out.push(relative(process.cwd(), join(e.parentPath, e.name)));
      }
    }
  }
  return out.sort();
}

export async function validateCommand(paths: string[]): Promise<number> {
  let errors = 0;
  for (const file of await pipelineFiles(paths)) {
    const source = await readFile(file, 'utf8');
    const { plan, diagnostics } = compile(source, { baseDir: dirname(resolve(file)) });
    for (const d of diagnostics) console.error(formatDiagnostic(file, d));
    const n = diagnostics.filter((d) => d.severity === 'error').length;
    errors += n;
    if (n === 0 && plan) console.log(`${green('ok')} ${file}: pipeline "${plan.pipeline}", ${plan.steps.length} steps`);
  }
  return errors > 0 ? 1 : 0;
}

export async function compileCommand(file: string, params: Record<string, unknown>): Promise<number> {
  const source = await readFile(file, 'utf8');
  const { plan, diagnostics } = compile(source, { baseDir: dirname(resolve(file)), params });
  for (const d of diagnostics) console.error(formatDiagnostic(file, d));
  if (!plan || diagnostics.some((d) => d.severity === 'error')) return 1;
  console.log(JSON.stringify(plan, null, 2));
  return 0;
}

/** `--param k=v`: numbers and booleans are typed, the rest are strings; the checker validates types. */
export function parseParams(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`--param ${p}: expected NAME=VALUE`);
    const raw = p.slice(eq + 1);
    out[p.slice(0, eq)] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}
