// Limited-memory BFGS for smooth unconstrained problems (the full-batch solver of train.logistic): the two-loop
// recursion over the last `memory` steps, and a backtracking line search with safeguarded quadratic
// interpolation under the Armijo condition. The state between iterations is plain data, so a checkpoint taken
// after any iteration resumes exactly (the objective is deterministic: the same x gives the same f and g).

/** The objective at x: its value and gradient. */
export type Objective = (x: Float64Array) => Promise<{ f: number; g: Float64Array }>;

export interface LbfgsState {
  /** Iterations completed. */
  iteration: number;
  x: number[];
  f: number;
  g: number[];
  /** The last steps s = x₊ − x and gradient changes y = g₊ − g, oldest first. */
  s: number[][];
  y: number[][];
}

export interface LbfgsOptions {
  /** Stop once every gradient component is at most this in magnitude (scikit-learn's `tol`). */
  gtol: number;
  /** Stop once an iteration lowers f by less than this, relative to |f| (scipy's default factor: 64·ε). */
  ftol?: number;
  /** Correction pairs kept (scipy and scikit-learn use 10). */
  memory?: number;
  /** Function evaluations one line search may spend. */
  maxLineSearch?: number;
}

export type StopReason = 'gradient' | 'no-progress' | 'line-search';

const C1 = 1e-4;

/** The first state: f and g at x0 (one evaluation). */
export async function lbfgsStart(objective: Objective, x0: Float64Array): Promise<LbfgsState> {
  const { f, g } = await objective(x0);
  return { iteration: 0, x: Array.from(x0), f, g: Array.from(g), s: [], y: [] };
}

/** Whether `state` already satisfies the gradient test. */
export function lbfgsConverged(state: LbfgsState, gtol: number): boolean {
  return maxAbs(state.g) <= gtol;
}

/**
 * One iteration: a direction from the stored pairs, a line search along it, the pair stored. Returns the next
 * state, and why to stop when this iteration says so (the state is then the best point found).
 */
export async function lbfgsStep(
  objective: Objective,
  state: LbfgsState,
  opts: LbfgsOptions,
): Promise<{ state: LbfgsState; stop?: StopReason }> {
  const memory = opts.memory ?? 10;
  const ftol = opts.ftol ?? 64 * Number.EPSILON;
  const n = state.x.length;
  const x = Float64Array.from(state.x);
  const g = Float64Array.from(state.g);
  const d = direction(g, state.s, state.y);
  let slope = dot(g, d);
  if (!(slope < 0)) {
    // Not a descent direction (the pairs went stale): steepest descent instead, and forget them.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    slope = -dot(g, g);
    state = { ...state, s: [], y: [] };
  }
  // The first iteration has no curvature yet: a step of unit length, as scipy takes.
  let t = state.s.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(d, d))) : 1;
  const maxEvals = opts.maxLineSearch ?? 20;
  const xt = new Float64Array(n);
  for (let evals = 0; evals < maxEvals; evals++) {
    for (let i = 0; i < n; i++) xt[i] = x[i] + t * d[i];
    const { f: ft, g: gt } = await objective(xt);
    if (Number.isFinite(ft) && ft <= state.f + C1 * t * slope) {
      const s = new Array<number>(n);
      const yv = new Array<number>(n);
      let sy = 0;
      for (let i = 0; i < n; i++) {
        s[i] = xt[i] - x[i];
        yv[i] = gt[i] - g[i];
        sy += s[i] * yv[i];
      }
      const pairs = sy > 1e-12 * Math.sqrt(dot(yv, yv) * dot(s, s)) ? { s: [...state.s, s].slice(-memory), y: [...state.y, yv].slice(-memory) } : { s: state.s, y: state.y };
      const next: LbfgsState = { iteration: state.iteration + 1, x: Array.from(xt), f: ft, g: Array.from(gt), ...pairs };
      if (maxAbs(next.g) <= opts.gtol) return { state: next, stop: 'gradient' };
      if (state.f - ft <= ftol * Math.max(Math.abs(state.f), Math.abs(ft), 1)) return { state: next, stop: 'no-progress' };
      return { state: next };
    }
    // Minimum of the quadratic through f(0), f'(0) and f(t), kept within [0.1t, 0.5t].
    const q = Number.isFinite(ft) ? (-slope * t * t) / (2 * (ft - state.f - slope * t)) : 0.1 * t;
    t = Math.min(0.5 * t, Math.max(0.1 * t, q));
  }
  return { state: { ...state, iteration: state.iteration + 1 }, stop: 'line-search' };
}

/** −H·g by the two-loop recursion, H₀ = γI with γ = sᵀy / yᵀy of the newest pair. */
function direction(g: Float64Array, S: number[][], Y: number[][]): Float64Array {
  const q = Float64Array.from(g);
  const k = S.length;
  const alpha = new Float64Array(k);
  const rho = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    rho[i] = 1 / dot(Y[i], S[i]);
    alpha[i] = rho[i] * dot(S[i], q);
    axpy(-alpha[i], Y[i], q);
  }
  const gamma = k ? dot(S[k - 1], Y[k - 1]) / dot(Y[k - 1], Y[k - 1]) : 1;
  for (let j = 0; j < q.length; j++) q[j] *= gamma;
  for (let i = 0; i < k; i++) {
    const beta = rho[i] * dot(Y[i], q);
    axpy(alpha[i] - beta, S[i], q);
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j];
  return q;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: ArrayLike<number>, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
