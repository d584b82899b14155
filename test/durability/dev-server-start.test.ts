// The embedded Temporal dev server is started again when it exits while starting: it picks its internal services'
// ports itself, and on a busy machine one can be taken between its pick and its bind. Tested with the real Temporal
// CLI behind a wrapper that makes its first starts fail as such a start does (exit 2, "address already in use").
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTemporalCli } from '../../server/temporal/cli-binary';
import { DevServerStartError, freePorts, startDevServerRetrying } from '../../server/temporal/dev-server';

const dir = mkdtempSync(join(tmpdir(), 'headrace-dev-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A `temporal` that fails its first `failures` starts, then runs the real CLI. */
async function flakyTemporal(name: string, failures: number): Promise<string> {
  const real = (await ensureTemporalCli()).path;
  const count = join(dir, `${name}.count`);
  writeFileSync(count, '0');
  const script = join(dir, `${name}.sh`);
  writeFileSync(script, `#!/bin/sh
n=$(cat '${count}')
echo $((n + 1)) > '${count}'
if [ "$n" -lt ${failures} ]; then echo "listen tcp 127.0.0.1:7235: bind: address already in use" >&2; exit 2; fi
exec '${real}' "$@"
`);
  chmodSync(script, 0o755);
  return script;
}

describe('starting the embedded Temporal dev server', () => {
  it('starts it again when it exits while starting, and says so', async () => {
    const [port] = await freePorts(1);
    const said: string[] = [];
    const server = await startDevServerRetrying({ bin: await flakyTemporal('twice', 2), port, headless: true }, (why) => said.push(why));
    try {
      expect(server.address).toBe(`127.0.0.1:${port}`);
      expect(said).toEqual([
        'the Temporal dev server exited while starting (start 1 of 3); starting it again',
        'the Temporal dev server exited while starting (start 2 of 3); starting it again',
      ]);
    } finally {
      await server.stop();
    }
  });

  it('gives up after three starts, with the output of the last', async () => {
    const [port] = await freePorts(1);
    const err = await startDevServerRetrying({ bin: await flakyTemporal('always', 99), port, headless: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevServerStartError);
    expect((err as DevServerStartError).exited).toBe(true);
    expect((err as Error).message).toContain(`did not start on 127.0.0.1:${port}`);
    expect((err as Error).message).toContain('address already in use');
  });
});
