// A rule is one check: a function of the context that reports what it finds.
import type { CheckContext } from './context';

export type Rule = (ctx: CheckContext) => void;
