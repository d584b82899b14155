// The data layer's public surface, for activities in workers/ and the server.
export { writeTable, readTable, columnSchemaOf, takeRows, TABLE_EXT } from './table';
export { tableFromColumns, columnsOf, type Column } from './columns';
export {
  ingestCsv, ingestJson, ingestSummaryOf, assertInsideRoots, ConfinementError, IngestError, DEFAULT_NULL_VALUES, INGEST_METADATA_KEY,
  type CsvIngestConfig, type JsonIngestConfig, type IngestOptions, type IngestResult, type IngestSummary, type IngestColumnSummary, type BadValues, type DeclaredColumns,
} from './ingest';
export { validateTable, type ValidateConfig, type ColumnRules, type ValidationReport, type RuleResult, type RuleKind, type ColumnReport } from './validate';
export { profileColumn, type ColumnProfile } from './stats';
export { dropNulls, splitTable, mulberry32, type SplitOptions } from './prepare';
export { writeReport, readReport, type StoredReport } from './report';
