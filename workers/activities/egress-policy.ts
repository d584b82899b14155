// The hosts a worker's requests may reach although restricted: the admin's list in the database, read at each
// request (an allow or a revoke takes effect on the next one), and HEADRACE_EGRESS_ALLOW of the worker.
import { listEgressHosts } from '../../server/db/repo/egress-hosts';
import type { Db } from '../../server/db/client';
import { envAllowedHosts, type EgressPolicy } from '../compute/net/egress';

export async function egressPolicy(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<EgressPolicy> {
  return { allowedHosts: [...envAllowedHosts(env), ...(await listEgressHosts(db)).map((h) => h.host)] };
}
