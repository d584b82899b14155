// Variants of a deployment, short: role, model@version (linked to the version page) and weight.
import Link from 'next/link';
import { modelHref } from '../../_lib/links';
import type { DeployedVariant } from './types';

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
