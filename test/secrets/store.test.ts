// The secret store on PGlite: a value sealed and opened again; a sealed row does not open under another key, under
// another name or after tampering, each with a sentence saying why; the embedded key file is made once with mode
// 0600; a bad HEADRACE_SECRET_KEY is named without echoing it; and a value this process read is blanked in the
// step logs, step errors and audit rows it writes.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { audit } from '../../server/db/repo/audit';
import { savePipelineVersion } from '../../server/db/repo/pipelines';
import { createRun, getRun, upsertStepRun } from '../../server/db/repo/runs';
import { getSealedSecret, putSecret } from '../../server/db/repo/secrets';
import { appendStepLogs, readStepLogs } from '../../server/db/repo/step-logs';
import { listAudit } from '../../server/auth/audit-log';
import { seal, unseal } from '../../server/secrets/cipher';
import { parseSecretKey, secretKey } from '../../server/secrets/key';
import { redact } from '../../server/secrets/redact';
import { readSecret, setSecret } from '../../server/secrets/store';
import { planOf } from '../helpers/plans';

let database: Database;
let home: string;

beforeAll(async () => {
  database = await openDatabase('memory://', { migrate: true });
  home = mkdtempSync(join(tmpdir(), 'headrace-secrets-'));
});

afterAll(async () => {
  await database?.close();
  rmSync(home, { recursive: true, force: true });
});

const keyA = parseSecretKey(Buffer.alloc(32, 1).toString('base64'), 'key A');
const keyB = parseSecretKey(Buffer.alloc(32, 2).toString('hex'), 'key B');
const failure = (f: () => unknown) => { try { f(); return 'opened'; } catch (e) { return (e as Error).message; } };

describe('sealing', () => {
  it('opens with the key and the name it was sealed with, and never twice the same bytes', () => {
    const sealed = seal('export-token', 'Bearer abc123', keyA);
    expect(sealed).toMatch(new RegExp(`^v1\\.${keyA.id}\\.`));
    expect(sealed).not.toContain('abc123');
    expect(seal('export-token', 'Bearer abc123', keyA)).not.toBe(sealed);
    expect(unseal('export-token', sealed, keyA)).toBe('Bearer abc123');
  });

  it('refuses another key, another name and a tampered value, saying which', () => {
    const sealed = seal('export-token', 'Bearer abc123', keyA);
    expect(failure(() => unseal('export-token', sealed, keyB))).toBe(
      `secret export-token was sealed with key ${keyA.id}, and this process has key ${keyB.id} (from key B): give every process the same HEADRACE_SECRET_KEY, or set the secret again`,
    );
    expect(failure(() => unseal('other-name', sealed, keyA))).toBe(`secret other-name: the stored value does not open under key ${keyA.id} (changed in the database?); set it again`);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered!').toString('base64url');
    expect(failure(() => unseal('export-token', parts.join('.'), keyA))).toMatch(/^secret export-token: the stored value does not open/);
    expect(failure(() => unseal('export-token', 'plain text', keyA))).toBe('secret export-token: the stored value is not a sealed v1 value');
  });

  it('names a bad key without echoing it', () => {
    expect(failure(() => parseSecretKey('too-short-secret', 'HEADRACE_SECRET_KEY'))).toMatch(/^HEADRACE_SECRET_KEY holds \d+ bytes, not 32: set HEADRACE_SECRET_KEY to 32 random bytes/);
    expect(failure(() => parseSecretKey('too-short-secret', 'HEADRACE_SECRET_KEY'))).not.toContain('too-short-secret');
  });
});

describe('the store', () => {
  it('makes the embedded key file once, mode 0600, and reads it back', async () => {
    const first = await secretKey(home, {});
    const again = await secretKey(home, {});
    expect(again.id).toBe(first.id);
    expect(statSync(join(home, 'secret.key')).mode & 0o777).toBe(0o600);
    // HEADRACE_SECRET_KEY wins over the file.
    expect((await secretKey(home, { HEADRACE_SECRET_KEY: Buffer.alloc(32, 2).toString('hex') })).id).toBe(keyB.id);
  });

  it('sets, replaces and reads a secret; a row sealed under another key is refused by name', async () => {
    const db = database.db;
    expect(await setSecret(db, { name: 'warehouse', value: 'first-password', actor: 'test' }, home)).toMatchObject({ created: true });
    expect(await setSecret(db, { name: 'warehouse', value: 'second-password', actor: 'test' }, home)).toMatchObject({ created: false });
    expect(await readSecret(db, 'warehouse', home)).toBe('second-password');
    expect((await getSealedSecret(db, 'warehouse'))!.sealed).not.toContain('second-password');
    await putSecret(db, { name: 'foreign', sealed: seal('foreign', 'from-elsewhere', keyB), keyId: keyB.id, actor: 'test' });
    const refused = await readSecret(db, 'foreign', home).then(() => 'read', (e: Error) => e.message);
    expect(refused).toMatch(new RegExp(`^secret foreign was sealed with key ${keyB.id}, and this process has key [0-9a-f]{12} \\(from .*secret\\.key\\)`));
    const missing = await readSecret(db, 'nothing-here', home).then(() => 'read', (e: Error) => e.message);
    expect(missing).toBe('secret nothing-here is not set: an admin sets it with headrace secret set nothing-here');
  });

  it('blanks a value it read in step logs, step errors and audit details', async () => {
    const db = database.db;
    await setSecret(db, { name: 'api-token', value: 'tok-8c1f2e9d', actor: 'test' }, home);
    expect(await readSecret(db, 'api-token', home)).toBe('tok-8c1f2e9d');
    const source = 'headrace: 1\nname: redacted\nsteps:\n  ingest:\n    uses: ingest.csv\n    with: { path: /tmp/x.csv }\n';
    const saved = await savePipelineVersion(db, { plan: planOf(source, '/tmp'), source, author: 'test' });
    const run = await createRun(db, { pipelineId: saved.pipelineId, pipelineVersionId: saved.version.id, workflowId: 'wf-redacted', params: {}, plan: {}, createdBy: 'test' });
    await appendStepLogs(db, [{ runId: run.id, stepId: 'ingest', attempt: 1, at: new Date(), level: 'error', message: 'server said: bad token tok-8c1f2e9d (Bearer tok-8c1f2e9d)' }]);
    expect((await readStepLogs(db, { runId: run.id, limit: 10 })).map((l) => l.message)).toEqual(['server said: bad token *** (Bearer ***)']);
    await upsertStepRun(db, { runId: run.id, stepId: 'ingest', attempt: 1, kind: 'ingest.csv', status: 'failed', error: 'HTTP 401 for tok-8c1f2e9d' });
    expect((await getRun(db, run.id))!.steps.find((s) => s.stepId === 'ingest')!.error).toBe('HTTP 401 for ***');
    await audit(db, { actor: 'test', action: 'pipeline.note', outcome: 'ok', details: { reason: 'pasted tok-8c1f2e9d by mistake', nested: ['tok-8c1f2e9d'] } });
    const [row] = (await listAudit(db, { limit: 1, action: 'pipeline.note' })).items;
    expect(row.details).toEqual({ reason: 'pasted *** by mistake', nested: ['***'] });
    // Values shorter than 4 characters are not hunted for, and ordinary text is left alone.
    expect(redact('nothing secret here')).toBe('nothing secret here');
  });
});
