// The secret store on PGlite: a value sealed and opened again; a sealed row does not open under another key, under
// another name or after tampering, each with a sentence saying why; the embedded key file is made once with mode
// 0600; a bad HEADRACE_SECRET_KEY is named without echoing it; and a value this process read is blanked in the
// step logs, step errors and audit rows it writes. Rotation: a new HEADRACE_SECRET_KEY with the old one in
// HEADRACE_SECRET_KEY_PREVIOUS, and the embedded key file replaced; every value sealed again, none lost.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { audit } from '../../server/db/repo/audit';
import { savePipelineVersion } from '../../server/db/repo/pipelines';
import { createRun, getRun, upsertStepRun } from '../../server/db/repo/runs';
import { getSealedSecret, listSecrets, putSecret } from '../../server/db/repo/secrets';
import { appendStepLogs, readStepLogs } from '../../server/db/repo/step-logs';
import { listAudit } from '../../server/auth/audit-log';
import { seal, unseal } from '../../server/secrets/cipher';
import { parseSecretKey, secretKey } from '../../server/secrets/key';
import { redact } from '../../server/secrets/redact';
import { readSecret, rotateSecrets, setSecret } from '../../server/secrets/store';
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
      `secret export-token was sealed with key ${keyA.id}, and this process has key ${keyB.id} (from key B): give every process the same HEADRACE_SECRET_KEY (a key replaced by a rotation goes in HEADRACE_SECRET_KEY_PREVIOUS), or set the secret again`,
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

describe('rotation', () => {
  /** Runs `f` with these variables set in this process (the store reads its keys from process.env), then restores them. */
  async function withEnv<T>(vars: Record<string, string | undefined>, f: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    const apply = (v: Record<string, string | undefined>) => {
      for (const [k, x] of Object.entries(v)) if (x === undefined) delete process.env[k]; else process.env[k] = x;
    };
    apply(vars);
    try {
      return await f();
    } finally {
      apply(saved);
    }
  }
  const b64 = (k: { key: Buffer }) => k.key.toString('base64');
  const keyC = parseSecretKey(Buffer.alloc(32, 3).toString('base64'), 'key C');

  it('moves every value to a new HEADRACE_SECRET_KEY, opening the old ones with HEADRACE_SECRET_KEY_PREVIOUS', async () => {
    const rotated = await openDatabase('memory://', { migrate: true });
    const db = rotated.db;
    try {
      await withEnv({ HEADRACE_SECRET_KEY: b64(keyA), HEADRACE_SECRET_KEY_PREVIOUS: undefined }, async () => {
        await setSecret(db, { name: 'alpha', value: 'alpha-value-1', actor: 'test' }, home);
        await setSecret(db, { name: 'beta', value: 'beta-value-22', actor: 'test' }, home);
      });
      // The new key alone: values under the old one are named as such, and a rotation reports them, changing nothing.
      await withEnv({ HEADRACE_SECRET_KEY: b64(keyB), HEADRACE_SECRET_KEY_PREVIOUS: undefined }, async () => {
        expect(await readSecret(db, 'alpha', home).catch((e: Error) => e.message)).toContain('HEADRACE_SECRET_KEY_PREVIOUS');
        const blocked = await rotateSecrets(db, 'ops', home);
        expect(blocked).toMatchObject({ keyId: keyB.id, resealed: [], current: 0 });
        expect(blocked.unreadable.map((u) => [u.name, u.keyId])).toEqual([['alpha', keyA.id], ['beta', keyA.id]]);
        expect((await getSealedSecret(db, 'alpha'))!.keyId).toBe(keyA.id);
      });
      // With the old key as a previous one: read before the rotation, sealed again by it, read after it without.
      await withEnv({ HEADRACE_SECRET_KEY: b64(keyB), HEADRACE_SECRET_KEY_PREVIOUS: `${b64(keyC)},${b64(keyA)}` }, async () => {
        expect(await readSecret(db, 'alpha', home)).toBe('alpha-value-1');
        await putSecret(db, { name: 'gamma', sealed: seal('gamma', 'gamma-value-3', keyC), keyId: keyC.id, actor: 'test' });
        const report = await rotateSecrets(db, 'ops', home);
        expect(report).toEqual({ keyId: keyB.id, previousKeyId: null, resealed: ['alpha', 'beta', 'gamma'], current: 0, unreadable: [] });
        expect((await listSecrets(db)).map((s) => [s.name, s.keyId, s.updatedBy])).toEqual([['alpha', keyB.id, 'ops'], ['beta', keyB.id, 'ops'], ['gamma', keyB.id, 'ops']]);
      });
      await withEnv({ HEADRACE_SECRET_KEY: b64(keyB), HEADRACE_SECRET_KEY_PREVIOUS: undefined }, async () => {
        expect([await readSecret(db, 'alpha', home), await readSecret(db, 'beta', home), await readSecret(db, 'gamma', home)])
          .toEqual(['alpha-value-1', 'beta-value-22', 'gamma-value-3']);
        expect(await rotateSecrets(db, 'ops', home)).toMatchObject({ resealed: [], current: 3, unreadable: [] });
        // The key file cannot be replaced when the key comes from the environment.
        expect(await rotateSecrets(db, 'ops', home, { newKey: true }).catch((e: Error) => e.message))
          .toMatch(/^the secret store's key: the key comes from HEADRACE_SECRET_KEY, which the platform cannot change: set the new key there and the old one in HEADRACE_SECRET_KEY_PREVIOUS/);
      });
      // A bad previous key is named by its place, not echoed.
      await withEnv({ HEADRACE_SECRET_KEY: b64(keyA), HEADRACE_SECRET_KEY_PREVIOUS: 'not-a-key' }, async () => {
        const bad = await readSecret(db, 'alpha', home).catch((e: Error) => e.message);
        expect(bad).toMatch(/^the secret store's previous keys: HEADRACE_SECRET_KEY_PREVIOUS \(key 1\) holds \d+ bytes, not 32/);
        expect(bad).not.toContain('not-a-key');
      });
    } finally {
      await rotated.close();
    }
  });

  it('replaces the embedded key file, keeps the old key beside it, and a process holding the old key finds the new one', async () => {
    const rotated = await openDatabase('memory://', { migrate: true });
    const db = rotated.db;
    const own = mkdtempSync(join(tmpdir(), 'headrace-rotate-'));
    try {
      await withEnv({ HEADRACE_SECRET_KEY: undefined, HEADRACE_SECRET_KEY_PREVIOUS: undefined }, async () => {
        await setSecret(db, { name: 'delta', value: 'delta-value-4', actor: 'test' }, own);
        const first = await secretKey(own, {});
        const report = await rotateSecrets(db, 'ops', own, { newKey: true });
        expect(report).toMatchObject({ previousKeyId: first.id, resealed: ['delta'], current: 0, unreadable: [] });
        expect(report.keyId).not.toBe(first.id);
        expect(statSync(join(own, 'secret.key')).mode & 0o777).toBe(0o600);
        expect(statSync(join(own, 'secret.key.previous')).mode & 0o777).toBe(0o600);
        expect(readFileSync(join(own, 'secret.key.previous'), 'utf8').trim()).toBe(first.key.toString('base64'));
        expect(await readSecret(db, 'delta', own)).toBe('delta-value-4');
        // Another process rotates again (a new file, the value sealed under it) while this one caches the last key.
        const third = parseSecretKey(Buffer.alloc(32, 7).toString('base64'), 'third');
        writeFileSync(join(own, 'secret.key'), `${third.key.toString('base64')}\n`, { mode: 0o600 });
        await putSecret(db, { name: 'delta', sealed: seal('delta', 'delta-value-4', third), keyId: third.id, actor: 'test' });
        expect(await readSecret(db, 'delta', own)).toBe('delta-value-4');
      });
    } finally {
      await rotated.close();
      rmSync(own, { recursive: true, force: true });
    }
  });
});
