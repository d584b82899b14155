// The pipelines and data the distributed tests run: the penguins example as shipped, and a small generated
// classification table trained with slow epochs (batch size 1), so a fault can land in the middle of training.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Rows of features x1…x4 and a label that depends on them (seeded, so every run reads the same file). */
export function writeClassificationCsv(dir: string, name: string, rows: number, extraColumns = 0): string {
  mkdirSync(dir, { recursive: true });
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const extra = Array.from({ length: extraColumns }, (_, i) => `e${i + 1}`);
  const lines = [['x1', 'x2', 'x3', 'x4', ...extra, 'label'].join(',')];
  for (let i = 0; i < rows; i++) {
    const x = [rand(), rand(), rand(), rand()].map((v) => v * 10 - 5);
    const label = x[0] + 0.5 * x[1] - x[2] > 0 ? 'a' : x[3] > 0 ? 'b' : 'c';
    const e = extra.map(() => (rand() * 1000).toFixed(3));
    lines.push([...x.map((v) => v.toFixed(4)), ...e, label].join(','));
  }
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/**
 * ingest → split → train.mlp (one gradient step per row: epochs of about a second on the tests' machine) → evaluate →
 * register. The training step may take 8 attempts, each waiting 1 s (backoff 1), so it outlives five worker kills.
 */
export function slowTrainingPipeline(opts: { name: string; csv: string; epochs: number; hidden?: number[] }): string {
  return `headrace: 1
name: ${opts.name}
steps:
  ingest:
    uses: ingest.csv
    with:
      path: ${opts.csv}
      columns:
        x1: { type: number }
        x2: { type: number }
        x3: { type: number }
        x4: { type: number }
        label: { type: string }
  split:
    uses: prepare.split
    in: { table: ingest.table }
    with: { test: 0.2, seed: 7, stratify: label }
  train:
    uses: train.mlp
    in: { table: split.train }
    retry: { attempts: 8, backoff: 1 }
    with:
      target: label
      features: [x1, x2, x3, x4]
      hidden: [${(opts.hidden ?? [16]).join(', ')}]
      epochs: ${opts.epochs}
      batchSize: 1
      learningRate: 0.01
      validationFraction: 0
      seed: 7
  evaluate:
    uses: evaluate.classifier
    in: { model: train.model, table: split.test }
  register:
    uses: registry.register
    in: { model: train.model, metrics: evaluate.metrics }
    with: { name: ${opts.name}, stage: staging }
`;
}

/** ingest.csv of a large file (its table is one large upload to the store) → validate: the step S3 faults hit. */
export function largeUploadPipeline(opts: { name: string; csv: string; rows: number; extraColumns: number }): string {
  const extra = Array.from({ length: opts.extraColumns }, (_, i) => `        e${i + 1}: { type: number }`).join('\n');
  return `headrace: 1
name: ${opts.name}
steps:
  ingest:
    uses: ingest.csv
    retry: { attempts: 20, backoff: 1 }
    with:
      path: ${opts.csv}
      columns:
        x1: { type: number }
        x2: { type: number }
        x3: { type: number }
        x4: { type: number }
${extra}
        label: { type: string }
  validate:
    uses: validate.table
    in: { table: ingest.table }
    with: { minRows: ${opts.rows} }
`;
}
