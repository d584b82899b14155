'use client';
// The app's colours (globals.css custom properties) as ECharts needs them: plain strings, read again when the
// system switches between light and dark.
import { useEffect, useState } from 'react';
import { useColorMode } from '../../_lib/use-color-mode';

export interface Palette {
  mode: 'light' | 'dark';
  bg: string;
  bgSoft: string;
  bgHover: string;
  fg: string;
  muted: string;
  border: string;
  borderSoft: string;
  accent: string;
  good: string;
  bad: string;
  wait: string;
  cached: string;
  stop: string;
  font: string;
}

const LIGHT: Palette = {
  mode: 'light', bg: '#ffffff', bgSoft: '#f6f8fa', bgHover: '#f0f3f6', fg: '#1f2328', muted: '#59636e', border: '#d1d9e0',
  borderSoft: '#e6ebf0', accent: '#0969da', good: '#1a7f37', bad: '#cf222e', wait: '#9a6700', cached: '#8250df', stop: '#bc4c00',
  font: 'system-ui, sans-serif',
};

const VARS: Array<[keyof Omit<Palette, 'mode'>, string]> = [
  ['bg', '--bg'], ['bgSoft', '--bg-soft'], ['bgHover', '--bg-hover'], ['fg', '--fg'], ['muted', '--muted'], ['border', '--border'],
  ['borderSoft', '--border-soft'], ['accent', '--accent'], ['good', '--good'], ['bad', '--bad'], ['wait', '--wait'],
  ['cached', '--cached'], ['stop', '--stop'], ['font', '--font'],
];

function read(mode: 'light' | 'dark'): Palette {
  const css = getComputedStyle(document.documentElement);
  const p: Palette = { ...LIGHT, mode };
  for (const [key, name] of VARS) {
    const v = css.getPropertyValue(name).trim();
    if (v) p[key] = v;
  }
  return p;
}

/** The palette of the colour scheme in force; null until the page has mounted (charts wait for it). */
export function usePalette(): Palette | null {
  const mode = useColorMode();
  const [palette, setPalette] = useState<Palette | null>(null);
  useEffect(() => setPalette(read(mode)), [mode]);
  return palette;
}
