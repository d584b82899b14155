'use client';
// The YAML pane without server rendering: Monaco only exists in the browser.
import dynamic from 'next/dynamic';
import type { YamlPaneProps } from './types';
import './yaml.css';

export type { YamlFlash, YamlPaneApi, YamlPaneProps } from './types';

export const YamlPane = dynamic<YamlPaneProps>(() => import('./yaml-pane'), {
  ssr: false,
  loading: () => (
    <div className="yaml-pane" data-testid="yaml-pane-loading">
      <div className="yaml-pane-loading">Loading editor…</div>
    </div>
  ),
});

export default YamlPane;
