'use client';
// Where the shared components plug into the editor: the YAML pane (Monaco), the config form, the version history.
import { useEffect, useState } from 'react';
import { ConfigForm, type ConfigFormProps } from '../_components/config-form/config-form';
import { VersionHistory } from '../_components/versions/version-history';
import { YamlPane, type YamlFlash, type YamlPaneApi, type YamlPaneProps } from '../_components/yaml/yaml-pane-lazy';

export type { YamlFlash, YamlPaneApi };

/**
 * Monaco is the page's heaviest script: it starts loading once the browser is idle after the canvas has
 * rendered, so opening a pipeline shows the graph first (the pane shows "Loading editor…" until then).
 */
export function YamlPaneSlot(props: YamlPaneProps) {
  const idle = useIdle();
  if (!idle) {
    return (
      <div className="yaml-pane" data-testid="yaml-pane-loading">
        <div className="yaml-pane-loading">Loading editor…</div>
      </div>
    );
  }
  return <YamlPane {...props} />;
}

function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') {
      const t = setTimeout(() => setIdle(true), 200);
      return () => clearTimeout(t);
    }
    const id = requestIdleCallback(() => setIdle(true), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }, []);
  return idle;
}

export function ConfigSlot(props: ConfigFormProps) {
  return <ConfigForm {...props} />;
}

export function VersionsSlot({ name }: { name: string }) {
  return <VersionHistory name={name} />;
}
