// A registry entry: name and version (to the registry) and its stage.
import Link from 'next/link';
import type { ModelVersionRef } from '../../../../dsl/refs';
import { modelHref } from '../../../_lib/links';

export function ModelVersionOutput({ version }: { version: ModelVersionRef }) {
  return (
    <p>
      <Link href={modelHref(version.name, version.version)} className="strong">
        {version.name} v{version.version}
      </Link>{' '}
      <span className={`stage stage-${version.stage}`}>{version.stage}</span>
    </p>
  );
}
