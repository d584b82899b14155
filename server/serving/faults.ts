// Fault injection, for rehearsing a rollback before a real incident needs one: a predict server started with
// `faults` (or HEADRACE_SERVE_FAULTS, JSON) answers a share of a variant's requests with an injected 500, or
// delays them before inference, so a canary's automatic rollback can be watched on a harmless model.
//   HEADRACE_SERVE_FAULTS='{"penguins-v4": {"errorRate": 0.5, "delayMs": 50}}'
// Keys are variant names (as the deployment names them, e.g. `penguins-v4`); a shadow variant's copies take its
// faults too. Injected errors count as errors in the serving windows and metrics, as real ones would.
// docs/serving.md, "Fault injection".

export interface VariantFault {
  /** Share of the variant's requests answered 500 (0–1), drawn per request. */
  errorRate?: number;
  /** Milliseconds each of the variant's requests (not answered by an injected error) waits before inference. */
  delayMs?: number;
}

export type Faults = Record<string, VariantFault>;

/** An injected failure: answered 500 with this sentence. */
export class InjectedFault extends Error {
  constructor(variant: string) {
    super(`Injected fault: variant ${variant} is configured to fail a share of its requests (fault injection, HEADRACE_SERVE_FAULTS), so this request was not run.`);
    this.name = 'InjectedFault';
  }
}

/** Checks a faults object; throws one sentence naming what is wrong. */
export function parseFaults(value: unknown, where = 'faults'): Faults {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where} must be an object {"VARIANT": {"errorRate": 0-1, "delayMs": N}}`);
  }
  const out: Faults = {};
  for (const [variant, f] of Object.entries(value)) {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new Error(`${where}.${variant} must be an object {"errorRate"?, "delayMs"?}`);
    const fault: VariantFault = {};
    for (const [key, v] of Object.entries(f)) {
      if (key === 'errorRate') {
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`${where}.${variant}.errorRate must be a number from 0 to 1, not ${JSON.stringify(v)}`);
        fault.errorRate = v;
      } else if (key === 'delayMs') {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${where}.${variant}.delayMs must be a number of milliseconds ≥ 0, not ${JSON.stringify(v)}`);
        fault.delayMs = v;
      } else {
        throw new Error(`${where}.${variant} has an unknown key "${key}"; it takes errorRate and delayMs`);
      }
    }
    out[variant] = fault;
  }
  return out;
}

/** HEADRACE_SERVE_FAULTS parsed, or undefined when unset. */
export function faultsFromEnv(env: Record<string, string | undefined> = process.env): Faults | undefined {
  const raw = env.HEADRACE_SERVE_FAULTS;
  if (raw === undefined || raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`HEADRACE_SERVE_FAULTS must be JSON {"VARIANT": {"errorRate": 0-1, "delayMs": N}}, not ${JSON.stringify(raw.slice(0, 80))}`);
  }
  return parseFaults(parsed, 'HEADRACE_SERVE_FAULTS');
}

/**
 * Applies a variant's fault to one request before its inference: throws InjectedFault for the errorRate share
 * (drawn first, answered at once), else waits delayMs. Resolves at once for a variant without faults.
 */
export async function applyFault(faults: Faults | undefined, variant: string): Promise<void> {
  const f = faults?.[variant];
  if (!f) return;
  if (f.errorRate !== undefined && f.errorRate > 0 && Math.random() < f.errorRate) throw new InjectedFault(variant);
  if (f.delayMs !== undefined && f.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, f.delayMs));
}
