// Variants of a deployment, short: role, model@version (linked to the version page) and weight.
import Link from 'next/link';
import { modelHref } from '../../_lib/links';
import type { DeployedVariant } from './types';

/** The run state whose colour a deployment status takes. */
const STATE: Record<string, string> = { active: 'succeeded', rolling: 'running', pending: 'running', rolled_back: 'cancelled', failed: 'failed' };

/** A deployment's status as a pill: green when active, blue while rolling, grey when superseded. */
export function DeployStatus({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`stage deploy-status${STATE[status] ? ` state-${STATE[status]}` : ''}`} data-testid={testId}>
      {status}
    </span>
  );
}

export const endpointHref = (name: string) => `/endpoints/${encodeURIComponent(name)}`;

export function VariantChips({ variants }: { variants: DeployedVariant[] }) {
  return (
    <ul className="variant-chips">
      {variants.map((v) => (
        <li key={v.name} className={`variant-chip role-${v.role}`} title={`${v.name} (${v.role}): ${v.weight} % ${v.role === 'shadow' ? 'of the requests copied' : 'of the traffic'}`}>
          {v.name !== `${v.model}-v${v.version}` && <span className="variant-name">{v.name} </span>}
          <Link href={modelHref(v.model, v.version)} className="mono">
            {v.model}@v{v.version}
          </Link>{' '}
          <span className="variant-weight">{v.weight} %</span>
          {v.role !== 'primary' && <span className="role"> {v.role}</span>}
        </li>
      ))}
    </ul>
  );
}
