// Monitor files: a valid file checks to its spec with the defaults applied; every mistake is a diagnostic at the
// line and column of what is wrong, worded as the pipeline checker words its own; the JSON Schema for editors is
// the checked-in headrace.monitor.schema.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { monitorSchemaText } from '../../cli/commands/schema';
import { formatDiagnostic } from '../../dsl/diagnostics';
import { thresholdsFor } from '../../dsl/monitor';
import { isMonitorFileName, monitorJsonSchema, parseMonitor } from '../../dsl/monitor-file';

/** The one diagnostic of a source, as `LINE:COL: error: MESSAGE`. */
function only(source: string): string {
  const { spec, diagnostics } = parseMonitor(source);
  expect(spec).toBeUndefined();
  expect(diagnostics, diagnostics.map((d) => formatDiagnostic('', d)).join('\n')).toHaveLength(1);
  return formatDiagnostic('', diagnostics[0]).slice(1);
}

describe('parseMonitor', () => {
  it('checks the example monitor of examples/penguins, defaults applied', () => {
    const { spec, endpoint, diagnostics } = parseMonitor(readFileSync('examples/penguins/penguins.monitor.yaml', 'utf8'));
    expect(diagnostics).toEqual([]);
    expect(endpoint).toBe('penguins');
    expect(spec).toMatchObject({ monitor: 'penguins', window: '1h', drift: { share: 0.5, severity: 'critical' }, quality: { minLabelled: 30, accuracy: { min: 0.9 } } });
    expect(thresholdsFor(spec!, 'Body Mass (g)')).toEqual({ psi: 0.1, js: 0.1, ksPValue: 0.01, chi2PValue: 0.05 });
    expect(thresholdsFor(spec!, 'Beak Depth (mm)')).toEqual({ psi: 0.2, js: 0.1, ksPValue: 0.01, chi2PValue: 0.05 });
  });

  it('applies the defaults of a minimal file: an hourly window', () => {
    const { spec, diagnostics } = parseMonitor('monitor: scoring\n');
    expect(diagnostics).toEqual([]);
    expect(spec).toEqual({ monitor: 'scoring', window: '1h' });
    expect(parseMonitor('monitor: scoring\nwindow: { predictions: 500 }\n').spec?.window).toEqual({ predictions: 500 });
  });

  it('reports bad YAML at its position, and nothing else', () => {
    expect(only('monitor: scoring\nwindow: [1h\n')).toMatch(/^3:1: error: /);
    expect(only('monitor: scoring\nwindow: 1h\nwindow: 2h\n')).toBe("3:1: error: duplicate key 'window'");
  });

  it('reports an empty file and a document that is not a map at 1:1', () => {
    expect(only('')).toBe('1:1: error: the file is empty: a monitor is a map with at least `monitor: ENDPOINT`');
    expect(only('- monitor: scoring\n')).toBe('1:1: error: this document is not a map: a monitor is a map with at least `monitor: ENDPOINT`');
  });

  it('reports an unknown key at the key, with the key it probably meant', () => {
    expect(only('monitor: scoring\nwindw: 1h\n')).toBe("2:1: error: unknown key 'windw' (did you mean 'window'?)");
    expect(only('monitor: scoring\nfeatures:\n  Body Mass (g): { psy: 0.1 }\n')).toBe("3:20: error: 'features.Body Mass (g)': unknown key 'psy' (did you mean 'psi'?)");
  });

  it('reports a missing endpoint, and an endpoint name that is not one', () => {
    expect(only('window: 1h\n')).toBe("1:1: error: missing required key 'monitor'");
    expect(only('monitor: Scoring API\n')).toBe(`1:10: error: 'monitor' must be an endpoint name (lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63 characters, and not "set"), got "Scoring API"`);
  });

  it('checks alert webhooks: one of url, urlSecret or urlEnv, unique names, secret headers from the store or the environment', () => {
    const { spec, diagnostics } = parseMonitor(
      'monitor: scoring\nalerts:\n  webhooks:\n    - { name: slack, urlEnv: SLACK_URL, minSeverity: critical, headers: { X-Token: { env: TOKEN } } }\n',
    );
    expect(diagnostics).toEqual([]);
    expect(spec?.alerts?.webhooks).toEqual([{ name: 'slack', urlEnv: 'SLACK_URL', minSeverity: 'critical', headers: { 'X-Token': { env: 'TOKEN' } } }]);
    const stored = parseMonitor('monitor: scoring\nalerts:\n  webhooks:\n    - { name: slack, urlSecret: slack-url, headers: { X-Token: { secret: team-token } } }\n');
    expect(stored.diagnostics).toEqual([]);
    expect(stored.spec?.alerts?.webhooks).toEqual([{ name: 'slack', urlSecret: 'slack-url', headers: { 'X-Token': { secret: 'team-token' } } }]);
    expect(only('monitor: scoring\nalerts:\n  webhooks:\n    - { name: slack }\n')).toBe("4:7: error: 'alerts.webhooks[0]': a webhook needs one of url, urlSecret or urlEnv");
    expect(only('monitor: scoring\nalerts:\n  webhooks:\n    - { name: slack, url: "http://x", urlSecret: s-url }\n')).toBe("4:7: error: 'alerts.webhooks[0]': a webhook needs one of url, urlSecret or urlEnv");
    expect(only('monitor: scoring\nalerts:\n  webhooks:\n    - { name: slack, url: ftp://x }\n')).toBe(`4:27: error: 'alerts.webhooks[0].url' must be an http:// or https:// URL, got "ftp://x"`);
    expect(only('monitor: scoring\nalerts:\n  webhooks:\n    - { name: a, url: "http://x" }\n    - { name: a, url: "http://y" }\n')).toBe("4:5: error: 'alerts.webhooks': webhook names must be unique");
    expect(only('monitor: scoring\nalerts:\n  webhooks:\n    - { name: a, urlEnv: U, minSeverity: high }\n')).toBe(`4:42: error: 'alerts.webhooks[0].minSeverity' must be one of warning, critical, got "high"`);
  });

  it('reports a value of the wrong kind or out of range at the value', () => {
    expect(only('monitor: scoring\nwindow: 1 hour\n')).toBe(`2:9: error: 'window' must be a duration like "30s", "10m", "1h" or "2d", got "1 hour"`);
    expect(only('monitor: scoring\nwindow: { predictions: 5 }\n')).toBe("2:24: error: 'window.predictions' must be >= 10, got 5");
    expect(only('monitor: scoring\nfeatures:\n  Body Mass (g): { psi: -1 }\n')).toBe("3:25: error: 'features.Body Mass (g).psi' must be > 0, got -1");
    expect(only('monitor: scoring\ndrift: { share: 1.5 }\n')).toBe("2:17: error: 'drift.share' must be <= 1, got 1.5");
    expect(only('monitor: scoring\nquality: { accuracy: { min: high } }\n')).toBe(`2:29: error: 'quality.accuracy.min' must be a number, got "high"`);
  });

  it('reports a bound without min or max at the bound', () => {
    expect(only('monitor: scoring\nhealth:\n  errorRate: { severity: critical }\n')).toBe("3:14: error: 'health.errorRate': a bound needs min or max");
  });

  it('reports every problem of a file, top to bottom', () => {
    const { diagnostics } = parseMonitor('monitor: scoring\nwindow: soon\ndrift: { share: 0 }\nbogus: 1\n');
    expect(diagnostics.map((d) => `${d.line}:${d.col}`)).toEqual(['2:9', '3:17', '4:1']);
    expect(diagnostics.every((d) => d.severity === 'error')).toBe(true);
  });
});

describe('monitor file names', () => {
  it('are monitor.yaml and *.monitor.yaml', () => {
    expect(['monitor.yaml', 'penguins.monitor.yaml', 'pipeline.yaml', 'a.pipeline.yaml', 'monitor.yml', 'notes.yaml'].filter(isMonitorFileName))
      .toEqual(['monitor.yaml', 'penguins.monitor.yaml']);
  });
});

describe('monitorJsonSchema', () => {
  it('is the checked-in headrace.monitor.schema.json (regenerate: headrace schema monitor > headrace.monitor.schema.json)', () => {
    expect(monitorSchemaText()).toBe(readFileSync('headrace.monitor.schema.json', 'utf8'));
  });

  it('describes the spec: the endpoint required, no other key, thresholds per feature', () => {
    const schema = monitorJsonSchema() as { required: string[]; additionalProperties: boolean; properties: Record<string, any> };
    expect(schema.required).toEqual(['monitor']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['monitor', 'description', 'window', 'features', 'drift', 'prediction', 'quality', 'health', 'alerts']);
    expect(Object.keys(schema.properties.features.additionalProperties.properties)).toEqual(['psi', 'js', 'ksPValue', 'chi2PValue']);
    expect(schema.properties.window.default).toBe('1h');
  });
});
