// How much a pipeline or monitor file may ask of the parser. Each bound is far above any real file (the largest
// the compile bench builds has 10 000 steps in about 1 MiB, the editor aims at 1 000 steps) and far below what
// would stall or crash the server, the editor or a worker; a file past one is refused with a located error that
// names the bound (dsl/parse/yaml.ts, dsl/parse/parse.ts). docs/language.md lists them for users.

export const DSL_LIMITS = {
  /** The file's size in UTF-8 bytes (yaml reads a dense file at about 0.5 MiB/s, a pipeline's at several). */
  bytes: 2 * 1024 * 1024,
  /** Collections inside collections, the top-level map counted as 1, aliases expanded. */
  depth: 64,
  /** Nodes that aliases (`*name`) stand for, counted as if each alias were replaced by its anchor's copy: a
   * "billion laughs" file of a few lines asks for hundreds of millions. */
  aliasNodes: 1_000_000,
  /** Aliases in one file (yaml reads each alias in time proportional to the aliases before it). */
  aliases: 10_000,
  /** Steps of one pipeline. */
  steps: 10_000,
} as const;
