// The catalog's declarations as types, so each kind's implementation is bound to its kind at compile time:
// its config is the kind's parsed `with:` and its inputs are the references its declared ports carry.
// index.ts lists the implementations `satisfies { [K in ActivityKindName]: KindImpl<K> }`: a kind without an
// implementation, an implementation of no kind, or one with the wrong config or inputs does not compile.
import type { catalog, ConfigOf, StepKindName } from '../../dsl/catalog';
import type { ExecutionMode, PortType } from '../../dsl/plan';
import type { ArtifactRef } from '../../dsl/refs';
import type { StepContext, StepImpl } from './step';

type Declaration<K extends StepKindName> = (typeof catalog)[K];

/** How a kind executes, as it declares it (`activity` when it declares no mode). */
export type ModeOf<K extends StepKindName> = NonNullable<Declaration<K>['mode']>;

/** The kinds of one execution mode. */
export type KindNameOfMode<M extends ExecutionMode> = { [K in StepKindName]: ModeOf<K> extends M ? K : never }[StepKindName];

/** Kinds that run as one activity each (one activity type per kind, named by the kind). */
export type ActivityKindName = KindNameOfMode<'activity'>;

/** The reference a port of type `T` carries between steps: Table → TableRef, Model → ModelRef, … */
export type RefOf<T extends PortType> = Extract<ArtifactRef, { type: T }>;

/** What an input port receives: its type's reference, or nothing when the port is optional and left open. */
type RefOfPort<P> = P extends { type: infer T extends PortType } ? (P extends { optional: true } ? RefOf<T> | undefined : RefOf<T>) : never;

/** A kind's inputs by port, typed from its declared ports. */
export type InputsOf<K extends StepKindName> = { [P in keyof Declaration<K>['inputs']]: RefOfPort<Declaration<K>['inputs'][P]> };

/** What an implementation of kind `K` receives. */
export type KindContext<K extends StepKindName> = StepContext<ConfigOf<K>, InputsOf<K>>;

/** The implementation of kind `K`. */
export type KindImpl<K extends StepKindName> = StepImpl<ConfigOf<K>, InputsOf<K>>;
