'use client';
// Where the shared components plug into the editor: the YAML pane (Monaco), the config form, the version history.
import { ConfigForm, type ConfigFormProps } from '../_components/config-form/config-form';
import { VersionHistory } from '../_components/versions/version-history';
import { YamlPane, type YamlPaneApi, type YamlPaneProps } from '../_components/yaml/yaml-pane-lazy';

export type { YamlPaneApi };

export function YamlPaneSlot(props: YamlPaneProps) {
  return <YamlPane {...props} />;
}

export function ConfigSlot(props: ConfigFormProps) {
  return <ConfigForm {...props} />;
}

export function VersionsSlot({ name }: { name: string }) {
  return <VersionHistory name={name} />;
}
