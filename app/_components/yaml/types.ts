// Props of the YAML pane, shared by the pane and its lazy wrapper (which must not import Monaco).
import type { Diagnostic } from '../../../dsl/diagnostics';

export interface YamlPaneApi {
  /** Scrolls to a 1-based line (and column) and puts the cursor there. */
  revealLine(line: number, col?: number): void;
  /** Replaces [start, end) (offsets into the current text) with `text`: one undo step; onChange reports the result. */
  applyEdit(edit: { start: number; end: number; text: string }): void;
  focus(): void;
}

/** Lines to scroll to and light up without moving the cursor; a new `seq` lights them again. */
export interface YamlFlash {
  line: number;
  /** Last line of the block (the whole rest of the text when left out). */
  endLine?: number;
  seq: number;
}

export interface YamlPaneProps {
  value: string;
  /** Called with the whole text after each edit made in the editor (never for `value` changes from outside). */
  onChange(text: string): void;
  /** The dsl checker's diagnostics, shown as markers (owner `headrace`). */
  diagnostics: Diagnostic[];
  theme: 'light' | 'dark';
  onReady?(api: YamlPaneApi): void;
  /** Wrap long lines at the pane's width (default: on). */
  wordWrap?: boolean;
  flash?: YamlFlash;
}
