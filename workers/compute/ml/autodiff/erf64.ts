// erf in float64 as plain ONNX arithmetic: onnxruntime's CPU Erf kernel is float32 only, and the float64
// gradient checks need a forward accurate to ~1e-16. W. J. Cody's rational approximations (CALERF, netlib specfun,
// 1969/1985), one per range of |x|, chosen per element with Where.
import type { Tensor } from './expr';

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
  0.0163153871373020978,
];
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
const SQRT_PI_INV = 0.56418958354775628695;

/** erf(x) for a float64 tensor; not on the tape (the caller records erf's own gradient rule). */
export function erf64(x: Tensor): Tensor {
  const t = x.trace;
  const op = (name: string, ...ins: (Tensor | number)[]) =>
    t.emit(name, ins.map((i) => (typeof i === 'number' ? t.scalar(i, 'float64') : i)), {}, 'float64', x.shape);
  const test = (name: string, a: Tensor, b: number) => t.emit(name, [a, t.scalar(b, 'float64')], {}, 'bool', x.shape);
  /** Cody's loop: num = ((k·v + c0)·v + c1)·v …, den = ((v + d0)·v + d1)·v …, over the first `n` coefficients. */
  const horner = (v: Tensor, c: number[], d: number[], top: number, n: number) => {
    let num = op('Mul', v, c[top]);
    let den = v;
    for (let i = 0; i < n; i++) {
      num = op('Mul', op('Add', num, c[i]), v);
      den = op('Mul', op('Add', den, d[i]), v);
    }
    return { num: op('Add', num, c[n]), den: op('Add', den, d[n]) };
  };

  const y = op('Abs', x);
  const ysq = op('Mul', x, x);
  // |x| ≤ 0.46875: erf directly.
  const small = horner(ysq, A, B, 4, 3);
  const erfSmall = op('Div', op('Mul', x, small.num), small.den);
  // 0.46875 < |x| ≤ 4: erfc.
  const mid = horner(y, C, D, 8, 7);
  const erfcMid = op('Div', mid.num, mid.den);
  // |x| > 4: erfc from an expansion in 1/x².
  const z = op('Div', 1, ysq);
  const large = horner(z, P, Q, 5, 4);
  const erfcLarge = op('Div', op('Sub', SQRT_PI_INV, op('Div', op('Mul', z, large.num), large.den)), y);
  const erfc = op('Mul', op('Exp', op('Neg', ysq)), t.emit('Where', [test('LessOrEqual', y, 4), erfcMid, erfcLarge], {}, 'float64', x.shape));
  const erfBig = op('Add', op('Sub', 0.5, erfc), 0.5);
  const signed = t.emit('Where', [test('Less', x, 0), op('Neg', erfBig), erfBig], {}, 'float64', x.shape);
  return t.emit('Where', [test('LessOrEqual', y, 0.46875), erfSmall, signed], {}, 'float64', x.shape);
}
