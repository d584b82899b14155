// `when:` conditions: parse (with offsets for diagnostics), lower to the Plan's WhenExpr, evaluate, print.
export { parseWhen, type WhenNode, type ParsedWhen, type WhenSyntaxError, type CompareOp, type TextSpan } from './parse';
export { lowerWhen, stepsReadBy } from './lower';
export { evaluateWhen, type WhenEnv, type WhenResult } from './evaluate';
export { formatWhen } from './format';
