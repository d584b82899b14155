// Reading the loosely typed JSON columns of a step row (outputs, summary) into the DSL's shapes.
import { PortType } from '../../dsl/plan';
import type { ArtifactRef } from '../../dsl/refs';

const KINDS = new Set<string>(PortType.options);

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Output port → artifact reference, in port order; anything unrecognised is left out. */
export function outputsOf(outputs: unknown): Array<[port: string, ref: ArtifactRef]> {
  if (!isObject(outputs)) return [];
  return Object.entries(outputs).filter((e): e is [string, ArtifactRef] => isObject(e[1]) && KINDS.has(String(e[1].type)));
}

export interface ConfusionMatrix {
  labels: string[];
  matrix: number[][];
}

export function confusionMatrixOf(summary: unknown): ConfusionMatrix | undefined {
  const cm = isObject(summary) ? summary.confusionMatrix : undefined;
  if (!isObject(cm) || !Array.isArray(cm.labels) || !Array.isArray(cm.matrix)) return undefined;
  return { labels: cm.labels.map(String), matrix: cm.matrix as number[][] };
}

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /** One-vs-rest ROC AUC; null when the class has no AUC in the data, absent in evaluations made before it existed. */
  rocAuc?: number | null;
}

export function perClassOf(summary: unknown): Record<string, ClassFigures> | undefined {
  const pc = isObject(summary) ? summary.perClass : undefined;
  return isObject(pc) ? (pc as Record<string, ClassFigures>) : undefined;
}

/** How the evaluation formed rocAuc (binary: which class; otherwise the classes left out and why). */
export function rocAucNoteOf(summary: unknown): string | undefined {
  const note = isObject(summary) ? summary.rocAucNote : undefined;
  return typeof note === 'string' ? note : undefined;
}

/** One bin of the top-label calibration table; confidence and accuracy are null for an empty bin. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  confidence: number | null;
  accuracy: number | null;
}

const numOrNull = (v: unknown) => (typeof v === 'number' ? v : null);

/** The calibration table of an evaluate.classifier summary (`summary.calibration`), or undefined. */
export function calibrationOf(summary: unknown): CalibrationBin[] | undefined {
  const bins = isObject(summary) ? summary.calibration : undefined;
  if (!Array.isArray(bins)) return undefined;
  return bins
    .filter(isObject)
    .filter((b) => typeof b.lower === 'number' && typeof b.upper === 'number' && typeof b.count === 'number')
    .map((b) => ({ lower: b.lower as number, upper: b.upper as number, count: b.count as number, confidence: numOrNull(b.confidence), accuracy: numOrNull(b.accuracy) }));
}

export interface RuleResult {
  rule: string;
  column: string | null;
  ok: boolean;
  failingRows: number;
  message: string;
  rows?: number[];
}

export interface ValidationFacts {
  ok: boolean | undefined;
  summary: string | undefined;
  rules: RuleResult[];
}

/**
 * The validation report of a step: `summary.report` is the full report when the step passed
 * ({ ok, summary, rules }) and the failure details when it failed ({ report: ReportRef, rules: failed }).
 */
export function validationOf(summary: unknown): ValidationFacts | undefined {
  const r = isObject(summary) ? summary.report : undefined;
  if (!isObject(r)) return undefined;
  const inner = isObject(r.report) ? r.report : undefined;
  const rules = Array.isArray(r.rules) ? (r.rules as RuleResult[]) : [];
  const ok = typeof r.ok === 'boolean' ? r.ok : typeof inner?.ok === 'boolean' ? inner.ok : undefined;
  const text = typeof r.summary === 'string' ? r.summary : typeof inner?.summary === 'string' ? inner.summary : undefined;
  return { ok, summary: text, rules };
}

export function lossCurveOf(summary: unknown): number[] | undefined {
  const c = isObject(summary) ? summary.lossCurve : undefined;
  return Array.isArray(c) && c.length > 1 && c.every((x) => typeof x === 'number') ? (c as number[]) : undefined;
}
