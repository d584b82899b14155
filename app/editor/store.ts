// The editor's state in one zustand store. The YAML text is the single source of truth: every change is a
// small edit object folded in by `apply`, which computes the new text with the projection's minimal-edit
// functions; the graph and diagnostics are derived from the text.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { createContext, useContext } from 'react';
import { compile, type Diagnostic } from '../../dsl';
import {
  addStep,
  connect,
  disconnect,
  projectGraph,
  removeStep,
  renameStep,
  setConfig,
  uniqueStepId,
  type Graph,
  type PortConnection,
} from './projection';

export type { Positions, XY } from '../../dsl/projection';
import type { Positions, XY } from '../../dsl/projection';

export type Edit =
  | { type: 'text'; source: string }
  | { type: 'add'; kind: string; id?: string; config?: Record<string, unknown>; in?: Record<string, string>; position?: XY }
  | { type: 'remove'; steps: string[]; edges?: { target: string; targetPort: string }[] }
  | { type: 'connect'; connection: PortConnection }
  | { type: 'disconnect'; target: string; targetPort: string }
  | { type: 'config'; step: string; path: (string | number)[]; value: unknown }
  | { type: 'rename'; from: string; to: string }
  | { type: 'paste'; at?: XY };

interface ClipStep {
  id: string;
  kind: string;
  config: unknown;
  position?: XY;
}
interface Clipboard {
  steps: ClipStep[];
  edges: PortConnection[];
}

export interface EditorState {
  source: string;
  /** The last graph projected from text that parsed. */
  graph: Graph | undefined;
  /** The text does not parse: the graph shown is the last good one. */
  stale: boolean;
  diagnostics: Diagnostic[];
  selected: string[];
  positions: Positions;
  /** localStorage key suffix for positions: the pipeline's name. */
  layoutKey: string;
  undoStack: string[];
  redoStack: string[];
  clipboard: Clipboard | undefined;
  /** A short message for the status line (refused connections, edit failures). */
  status: string | undefined;
  /** Sources saved to the server (to tell unsaved changes). */
  savedSource: string | undefined;

  apply(edit: Edit): void;
  /** Runs the full check now instead of after the typing pause; returns its diagnostics. */
  checkNow(): Diagnostic[];
  undo(): void;
  redo(): void;
  select(ids: string[]): void;
  setPositions(p: Positions, persist?: boolean): void;
  copy(): void;
  setStatus(message: string | undefined): void;
  markSaved(source: string): void;
}

const LAYOUT_PREFIX = 'headrace:layout:';
const TEXT_COALESCE_MS = 800;

export function loadPositions(key: string): Positions {
  try {
    const raw = globalThis.localStorage?.getItem(LAYOUT_PREFIX + key);
    return raw ? (JSON.parse(raw) as Positions) : {};
  } catch {
    return {};
  }
}

function savedOr(saved: Positions, fallback: Positions | undefined): Positions {
  return Object.keys(saved).length > 0 || !fallback ? saved : fallback;
}

function savePositions(key: string, positions: Positions): void {
  try {
    globalThis.localStorage?.setItem(LAYOUT_PREFIX + key, JSON.stringify(positions));
  } catch {
    /* storage full or disabled: positions stay in memory */
  }
}

/** The checker's messages for a source (the whole-document check: ~35 ms on 200 steps). */
export function checkSource(source: string): Diagnostic[] {
  try {
    return compile(source).diagnostics;
  } catch (e) {
    return [{ severity: 'error', message: String(e), line: 1, col: 1, endLine: 1, endCol: 1, code: 'internal' }];
  }
}

/**
 * The graph of a source (cheap: projection re-parses only the steps that changed). The full check is
 * not part of it: it runs just after the canvas and the YAML have been redrawn (see scheduleCheck),
 * so a keystroke or a form edit is never held up by it.
 */
function derive(source: string, previous: Graph | undefined) {
  let graph: Graph | undefined;
  try {
    graph = projectGraph(source).graph;
  } catch {
    graph = undefined;
  }
  return { graph: graph ?? previous, stale: graph === undefined };
}

/** Delay of the full check after the last change: a pause in typing, as in an IDE. */
const CHECK_DELAY_MS = 80;

function nameOf(graph: Graph | undefined, fallback: string): string {
  return graph?.name && typeof graph.name === 'string' ? graph.name : fallback;
}

/** The text an edit produces, or throws with a reason. */
function editSource(state: EditorState, edit: Edit): { source: string; positions?: Positions; selected?: string[] } {
  const src = state.source;
  switch (edit.type) {
    case 'text':
      return { source: edit.source };
    case 'add': {
      const id = edit.id ?? uniqueStepId(src, edit.kind);
      const source = addStep(src, { id, kind: edit.kind, ...(edit.config !== undefined && { config: edit.config }), ...(edit.in && { in: edit.in }) });
      return {
        source,
        positions: edit.position ? { ...state.positions, [id]: edit.position } : undefined,
        selected: [id],
      };
    }
    case 'remove': {
      let source = src;
      const gone = new Set(edit.steps);
      for (const e of edit.edges ?? []) if (!gone.has(e.target)) source = disconnect(source, e);
      for (const id of edit.steps) source = removeStep(source, id);
      const positions = { ...state.positions };
      for (const id of edit.steps) delete positions[id];
      return { source, positions, selected: state.selected.filter((s) => !gone.has(s)) };
    }
    case 'connect':
      return { source: connect(src, edit.connection) };
    case 'disconnect':
      return { source: disconnect(src, { target: edit.target, targetPort: edit.targetPort }) };
    case 'config':
      return { source: setConfig(src, edit.step, edit.path as never, edit.value as never) };
    case 'rename': {
      const source = renameStep(src, edit.from, edit.to);
      const positions = { ...state.positions };
      if (positions[edit.from]) {
        positions[edit.to] = positions[edit.from];
        delete positions[edit.from];
      }
      return { source, positions, selected: state.selected.map((s) => (s === edit.from ? edit.to : s)) };
    }
    case 'paste': {
      const clip = state.clipboard;
      if (!clip || clip.steps.length === 0) return { source: src };
      let source = src;
      const ids = new Map<string, string>();
      const positions = { ...state.positions };
      const minX = Math.min(...clip.steps.map((s) => s.position?.x ?? 0));
      const minY = Math.min(...clip.steps.map((s) => s.position?.y ?? 0));
      for (const s of clip.steps) {
        const id = uniqueStepId(source, s.kind);
        ids.set(s.id, id);
        const cfg = s.config && typeof s.config === 'object' && Object.keys(s.config).length > 0 ? (s.config as Record<string, unknown>) : undefined;
        source = addStep(source, { id, kind: s.kind, ...(cfg && { config: cfg }) });
        const p = s.position ?? { x: minX, y: minY };
        positions[id] = edit.at ? { x: edit.at.x + p.x - minX, y: edit.at.y + p.y - minY } : { x: p.x + 40, y: p.y + 40 };
      }
      for (const e of clip.edges) {
        source = connect(source, { ...e, source: ids.get(e.source)!, target: ids.get(e.target)! });
      }
      return { source, positions, selected: [...ids.values()] };
    }
  }
}

/** `initialPositions` (the server's layout) apply when the browser has no saved positions for the pipeline. */
export function createEditorStore(initialSource: string, layoutKey: string, initialPositions?: Positions) {
  const first = { ...derive(initialSource, undefined), diagnostics: checkSource(initialSource) };
  const key = nameOf(first.graph, layoutKey);
  let lastTextEdit = 0;
  let pendingCheck: ReturnType<typeof setTimeout> | undefined;
  return createStore<EditorState>()((set, get) => {
    const scheduleCheck = () => {
      if (pendingCheck !== undefined) clearTimeout(pendingCheck);
      pendingCheck = setTimeout(() => {
        pendingCheck = undefined;
        set({ diagnostics: checkSource(get().source) });
      }, CHECK_DELAY_MS);
    };
    return {
    source: initialSource,
    ...first,
    selected: [],
    positions: savedOr(loadPositions(key), initialPositions),
    layoutKey: key,
    undoStack: [],
    redoStack: [],
    clipboard: undefined,
    status: undefined,
    savedSource: undefined,

    apply(edit) {
      const state = get();
      let next: ReturnType<typeof editSource>;
      try {
        next = editSource(state, edit);
      } catch (e) {
        set({ status: `Could not ${edit.type}: ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      if (next.source === state.source && !next.positions && !next.selected) return;
      const now = Date.now();
      const coalesce = edit.type === 'text' && now - lastTextEdit < TEXT_COALESCE_MS && state.undoStack.length > 0;
      lastTextEdit = edit.type === 'text' ? now : 0;
      const changed = next.source !== state.source;
      const derived = changed ? derive(next.source, state.graph) : undefined;
      const graph = derived ? derived.graph : state.graph;
      const newKey = nameOf(graph, state.layoutKey);
      const positions = next.positions ?? state.positions;
      if (next.positions || newKey !== state.layoutKey) savePositions(newKey, positions);
      set({
        source: next.source,
        ...derived,
        positions,
        layoutKey: newKey,
        ...(next.selected && { selected: next.selected }),
        ...(changed && {
          undoStack: coalesce ? state.undoStack : [...state.undoStack, state.source].slice(-200),
          redoStack: [],
        }),
        status: undefined,
      });
      if (changed) scheduleCheck();
    },

    /** Runs the pending check now (Save must judge the text as it is, not as it was). */
    checkNow() {
      if (pendingCheck !== undefined) clearTimeout(pendingCheck);
      pendingCheck = undefined;
      const diagnostics = checkSource(get().source);
      set({ diagnostics });
      return diagnostics;
    },

    undo() {
      const { undoStack, source, redoStack, graph } = get();
      const prev = undoStack.at(-1);
      if (prev === undefined) return;
      lastTextEdit = 0;
      set({ source: prev, ...derive(prev, graph), undoStack: undoStack.slice(0, -1), redoStack: [...redoStack, source] });
      scheduleCheck();
    },

    redo() {
      const { undoStack, source, redoStack, graph } = get();
      const next = redoStack.at(-1);
      if (next === undefined) return;
      lastTextEdit = 0;
      set({ source: next, ...derive(next, graph), undoStack: [...undoStack, source], redoStack: redoStack.slice(0, -1) });
      scheduleCheck();
    },

    select(ids) {
      const cur = get().selected;
      if (cur.length === ids.length && cur.every((c, i) => c === ids[i])) return;
      set({ selected: ids });
    },

    setPositions(p, persist = false) {
      const positions = { ...get().positions, ...p };
      set({ positions });
      if (persist) savePositions(get().layoutKey, positions);
    },

    copy() {
      const { graph, selected, positions } = get();
      if (!graph || selected.length === 0) return;
      const chosen = new Set(selected);
      const steps = graph.nodes
        .filter((n) => chosen.has(n.id))
        .map((n) => ({ id: n.id, kind: n.kind, config: n.config, position: positions[n.id] }));
      const edges = graph.edges
        .filter((e) => e.kind === 'data' && chosen.has(e.source) && chosen.has(e.target))
        .map((e) => ({ source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort }));
      set({ clipboard: { steps, edges }, status: `Copied ${steps.length} step${steps.length === 1 ? '' : 's'}` });
    },

    setStatus(status) {
      set({ status });
    },

    markSaved(source) {
      set({ savedSource: source });
    },
    };
  });
}

export type EditorStore = StoreApi<EditorState>;

export const EditorStoreContext = createContext<EditorStore | null>(null);

export function useEditor<T>(selector: (s: EditorState) => T): T {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditor outside the editor');
  return useStore(store, selector);
}

export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore outside the editor');
  return store;
}

/** Diagnostics per step: those whose line falls inside the step's block (its line up to the next step's). */
export function diagnosticsByStep(graph: Graph | undefined, diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  if (!graph) return out;
  const byLine = [...graph.nodes].sort((a, b) => a.line - b.line);
  for (const d of diagnostics) {
    let owner: string | undefined;
    for (let i = 0; i < byLine.length; i++) {
      const start = byLine[i].line;
      const end = i + 1 < byLine.length ? byLine[i + 1].line : Number.POSITIVE_INFINITY;
      if (d.line >= start && d.line < end) {
        owner = byLine[i].id;
        break;
      }
    }
    if (owner) out.set(owner, [...(out.get(owner) ?? []), d]);
  }
  return out;
}
