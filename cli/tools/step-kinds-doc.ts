// Writes docs/step-kinds.md from the step catalog (`npm run docs:kinds`); test/dsl/step-kinds-doc.test.ts
// fails when the checked-in file differs from what this would write.
import { writeFileSync } from 'node:fs';
import { renderStepKindsMarkdown } from '../../dsl/catalog/markdown';

const target = new URL('../../docs/step-kinds.md', import.meta.url);
writeFileSync(target, renderStepKindsMarkdown());
console.log(`wrote ${target.pathname}`);
