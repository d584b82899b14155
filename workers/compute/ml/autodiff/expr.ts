// The traced-expression API: tensors with a static dtype and shape, emitted into a GraphBuilder as they are
// computed, and a tape of the differentiable ones so that grad() can walk it backwards (./grad.ts).
import { GraphBuilder, type AttrValue, type ElemType, type InitializerData } from '../onnx/graph';
import type { Shape } from './shape';

export type DType = ElemType;

/**
 * An op's gradient rule: given the gradient `g` of its output, the gradient of each input — computed only where
 * `needs[i]` (so no node is emitted for, say, the data side of X·W), undefined where none flows.
 */
export type GradRule = (g: Tensor, inputs: readonly Tensor[], output: Tensor, needs: readonly boolean[]) => (Tensor | undefined)[];

/** One recorded application of a differentiable op. */
export interface TapeEntry {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly rule: GradRule;
}

export class Tensor {
  constructor(
    readonly trace: Trace,
    /** The ONNX value name. */
    readonly name: string,
    readonly dtype: DType,
    readonly shape: Shape,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  get isFloat(): boolean {
    return this.dtype === 'float32' || this.dtype === 'float64';
  }
}

/** Wraps one GraphBuilder: every op applied to its tensors is emitted into it, in order. */
export class Trace {
  /** Differentiable op applications in emission order, which is a topological order. */
  readonly tape: TapeEntry[] = [];
  private readonly scalars = new Map<string, Tensor>();
  private counter = 0;

  constructor(readonly graph: GraphBuilder) {}

  input(name: string, dtype: DType, shape: Shape): Tensor {
    this.graph.input(name, dtype, [...shape]);
    return new Tensor(this, name, dtype, shape);
  }

  /** A constant stored in the model (an initializer). */
  constant(data: InitializerData, shape: readonly number[], dtype: DType = 'float32', name?: string): Tensor {
    const id = name ?? `const_${this.counter++}`;
    this.graph.initializer(id, data, [...shape], dtype);
    return new Tensor(this, id, dtype, shape);
  }

  /** A scalar constant; each (value, dtype) is stored once per graph. */
  scalar(value: number, dtype: DType): Tensor {
    const key = `${dtype}:${Object.is(value, -0) ? '-0' : value}`;
    let t = this.scalars.get(key);
    if (!t) {
      t = this.constant([value], [], dtype);
      this.scalars.set(key, t);
    }
    return t;
  }

  /** Exposes `t` as a graph output called `name`. */
  output(t: Tensor, name: string): Tensor {
    this.graph.op('Identity', [t.name], {}, name);
    this.graph.output(name, t.dtype, [...t.shape]);
    return new Tensor(this, name, t.dtype, t.shape);
  }

  /** Emits a node that is not differentiated through (shapes, comparisons, masks, integer arithmetic). */
  emit(op: string, inputs: readonly (Tensor | string)[], attrs: Record<string, AttrValue>, dtype: DType, shape: Shape): Tensor {
    const names = inputs.map((i) => (typeof i === 'string' ? i : i.name));
    return new Tensor(this, this.graph.op(op, names, attrs), dtype, shape);
  }

  /** Emits a node and records it on the tape with its gradient rule. */
  apply(
    op: string,
    inputs: readonly Tensor[],
    attrs: Record<string, AttrValue>,
    out: { dtype: DType; shape: Shape; names?: readonly string[] },
    rule: GradRule,
  ): Tensor {
    for (const t of inputs) if (t.trace !== this) throw new Error(`${op}: tensor ${t.name} belongs to another graph`);
    // `names` lists the node's inputs when they are more than the differentiated ones (constant axes, a condition).
    const output = this.emit(op, out.names ?? inputs, attrs, out.dtype, out.shape);
    this.tape.push({ inputs, output, rule });
    return output;
  }
}
