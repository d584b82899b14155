// Headrace's pipeline language: parse, check, compile to a Plan; the step catalog; the Plan IR.
export { compile, validate, sourceHash, resolveParams, type CompileOptions, type CompileResult } from './compile';
export { checkPipeline, runRules, CheckContext, MAX_DIAGNOSTICS, type CheckOptions, type Rule } from './check';
export { parsePipeline, type ParseResult } from './parse/parse';
export type * from './parse/ast';
export { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic, type Severity } from './diagnostics';
export { pipelineJsonSchema } from './schema';
export { DSL_LIMITS } from './limits';
export { parseGate } from './gates';
export { topoOrder, findCycles } from './graph';
export { evaluateWhen, formatWhen, parseWhen, lowerWhen, stepsReadBy, type WhenEnv, type WhenResult } from './when';
export { checkCron, isTimeZone, CRON_MACROS, type CronProblem } from './cron';
export * from './grammar';
export * from './catalog';
export * from './plan';
export * from './refs';
export * from './projection';
