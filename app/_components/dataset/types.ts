// Shapes of dataset.get and dataset.preview, inferred from the router type.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/api/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type DatasetDetail = Outputs['dataset']['get'];
export type DatasetPreview = Outputs['dataset']['preview'];
export type ColumnStats = DatasetPreview['columns'][number];
export type Cell = DatasetPreview['rows'][number][string];
export type SourceSummary = Outputs['dataset']['sources'][number];
export type SourceVersions = NonNullable<Outputs['dataset']['versions']>;
export type SourceVersion = SourceVersions['versions'][number];
export type DatasetComparison = Outputs['dataset']['compare'];
export type Lineage = Outputs['dataset']['lineage'];
export type LineageNode = Lineage['nodes'][number];
