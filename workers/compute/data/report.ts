// Reports (validation now, drift later) are stored as JSON artifacts; the ReportRef that
// travels between steps carries only ok + a one-line summary for the run view.
import type { ReportRef } from '../../../dsl/refs';
import { getJson, putJson, type ArtifactStore } from '../../../server/artifacts/store';

export interface StoredReport {
  ok: boolean;
  summary: string;
}

export async function writeReport(store: ArtifactStore, report: StoredReport): Promise<ReportRef> {
  const { hash, uri } = await putJson(store, report);
  return { type: 'Report', ok: report.ok, hash, uri, summary: report.summary };
}

export async function readReport<T extends StoredReport = StoredReport>(store: ArtifactStore, ref: Pick<ReportRef, 'uri'>): Promise<T> {
  return getJson<T>(store, ref.uri);
}
