// docs/step-kinds.md is generated from the catalog; this fails when a kind changed and the page was not rewritten.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../dsl';
import { renderStepKindsMarkdown } from '../../dsl/catalog/markdown';

describe('docs/step-kinds.md', () => {
  const page = readFileSync(new URL('../../docs/step-kinds.md', import.meta.url), 'utf8');

  it('is current (regenerate: npm run docs:kinds)', () => {
    expect(page).toBe(renderStepKindsMarkdown());
  });

  it("documents every kind's ports and every config field with its help text", () => {
    for (const kind of Object.values(catalog)) {
      expect(page).toContain(`## \`${kind.kind}\``);
      expect(page).toContain(kind.description);
      for (const port of [...Object.keys(kind.inputs), ...Object.keys(kind.outputs)]) expect(page).toContain(`- \`${port}\` (`);
      const shape = (kind.config as unknown as { shape?: Record<string, { description?: string }> }).shape ?? {};
      for (const [field, schema] of Object.entries(shape)) {
        expect(page).toContain(`| \`${field}\` |`);
        if (schema.description) expect(page).toContain(schema.description.replace(/\|/g, '\\|'));
      }
    }
  });
});
