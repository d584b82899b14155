// The compiler's public face.
export { compile, validate, sourceHash, type CompileOptions, type CompileResult, type ValidateOptions } from './compile';
export { resolveParams, type ResolvedParams } from './params';
export { resolvePath, joinPath, normalizePath, isAbsolutePath } from './paths';
export { durationSeconds } from './duration';
