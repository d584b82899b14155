// Once per test run: the SeaweedFS binary the S3 store's tests start (test/helpers/seaweedfs.ts), built into the
// per-user cache the first time (a few minutes with Go, docs/storage.md) and reused at once afterwards — so
// `npm test` needs no step of its own before it. `headrace setup --s3` builds the same binary ahead of time.
import { ensureSeaweedfs } from '../../cli/platform/seaweedfs';

export default async function setup() {
  await ensureSeaweedfs((m) => process.stderr.write(`[test setup] ${m}\n`));
}
