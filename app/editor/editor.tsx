'use client';
// The pipeline editor: palette | canvas | config panel of the selected step (docked, see config-dock.tsx) | YAML
// pane, and a toolbar (save, run, undo/redo, layout, versions). One store per open pipeline holds the YAML text
// and all that derives from it.
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './editor.css';
import { useMutation, useQuery } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { hasErrors, parsePipeline, type Diagnostic } from '../../dsl';
import { ErrorBox, Loading } from '../_components/query-state';
import { useTRPC } from '../_lib/trpc';
import { Canvas, useAutoLayout } from './canvas';
import { Palette } from './palette';
import { addNextTo } from './add-next';
import { VersionsSlot, YamlPaneSlot } from './mounts';
import type { YamlFlash, YamlPaneApi } from './mounts';
import { ConfigDock, DOCK_DEFAULT, DOCK_MAX, DOCK_MIN, DOCK_STRIP } from './config-dock';
import { useStoredFlag, useStoredWidth } from './prefs';
import { useKeepInView } from './keep-in-view';
import { ResizeHandle } from './resize-handle';
import type { EditorInitial } from './initial';
import { createEditorStore, EditorStoreContext, type EditorStore, type Positions } from './store';
import { useColorMode } from '../_lib/use-color-mode';

const PANE_DEFAULT = 360;
const PANE_MIN = 260;
const PANE_MAX = 900;

export const NEW_PIPELINE_SOURCE = 'headrace: 1\nname: untitled\nsteps: {}\n';
const newPipelineSource = (name: string) => NEW_PIPELINE_SOURCE.replace('name: untitled', `name: ${name}`);

interface Origin {
  baseDir?: string;
  origin?: string;
}

/**
 * `/pipelines/NAME/edit`: the latest saved version. The page passes `initial` (source and layout, read on the
 * server); without it (no API in the page's process) the version is fetched here and laid out by elk.
 */
export function EditPipeline({ name, initial }: { name: string; initial?: EditorInitial | null }) {
  const mounted = useMounted();
  if (initial) {
    // Client-only: saved positions live in localStorage, which the server cannot see.
    if (!mounted) return <Loading what="pipeline" />;
    return (
      <Editor
        key={`${name}@${initial.version}`}
        initialSource={initial.source}
        initialPositions={initial.positions}
        name={name}
        savedVersion={initial.version}
        origin={{ baseDir: initial.baseDir, origin: initial.origin }}
      />
    );
  }
  return <FetchedPipeline name={name} />;
}

function FetchedPipeline({ name }: { name: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.pipeline.get.queryOptions({ name }, { staleTime: Infinity, refetchOnWindowFocus: false }));
  if (q.data === undefined) return q.isError ? <ErrorBox title={`Could not load pipeline ${name}`} error={q.error} /> : <Loading what="pipeline" />;
  const plan = q.data.version.plan as { baseDir?: string } | null;
  return (
    <Editor
      key={`${name}@${q.data.version.version}`}
      initialSource={q.data.version.source}
      initialPositions={q.data.version.layout ?? undefined}
      name={name}
      savedVersion={q.data.version.version}
      origin={{ baseDir: plan?.baseDir, origin: q.data.version.origin ?? undefined }}
    />
  );
}

const noSubscribe = () => () => {};
/** false while rendering on the server and hydrating, true after. */
function useMounted(): boolean {
  return useSyncExternalStore(noSubscribe, () => true, () => false);
}

/** `/pipelines/new`, once named: an empty pipeline of that name, not saved yet. */
export function NewPipeline({ name }: { name: string }) {
  return <Editor initialSource={newPipelineSource(name)} name={name} />;
}

function Editor({ initialSource, initialPositions, name, savedVersion, origin }: { initialSource: string; initialPositions?: Positions; name: string; savedVersion?: number; origin?: Origin }) {
  const [store] = useState(() => {
    const s = createEditorStore(initialSource, name, initialPositions);
    if (savedVersion !== undefined) s.getState().markSaved(initialSource);
    return s;
  });
  return (
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <EditorShell store={store} savedVersion={savedVersion} origin={origin ?? {}} openedName={savedVersion === undefined ? undefined : name} />
      </ReactFlowProvider>
    </EditorStoreContext.Provider>
  );
}

function isTextTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return !!t.closest('input, textarea, select, [contenteditable="true"], [data-testid="yaml-pane"], .monaco-editor');
}

function EditorShell({ store, savedVersion, origin, openedName }: { store: EditorStore; savedVersion?: number; origin: Origin; openedName?: string }) {
  const colorMode = useColorMode();
  // Narrow slices only: the shell must not re-render on every edit (the canvas, the YAML pane and the config
  // panel subscribe to what they show).
  const errors = useStore(store, (s) => countErrors(s.diagnostics));
  const warnings = useStore(store, (s) => s.diagnostics.length) - errors;
  const stale = useStore(store, (s) => s.stale);
  const status = useStore(store, (s) => s.status);
  const oneId = useStore(store, (s) => (s.selected.length === 1 && s.graph?.nodes.some((n) => n.id === s.selected[0]) ? s.selected[0] : undefined));
  const graphName = useStore(store, (s) => s.graph?.name);
  const canUndo = useStore(store, (s) => s.undoStack.length > 0);
  const canRedo = useStore(store, (s) => s.redoStack.length > 0);
  const dirty = useStore(store, (s) => s.source !== s.savedSource);
  const pipelineName = graphName ?? 'untitled';
  const autoLayout = useAutoLayout();
  const trpc = useTRPC();

  const paneApi = useRef<YamlPaneApi | null>(null);
  const reveal = useCallback((line: number, col?: number) => {
    setPaneOpen(true);
    // The pane may be mounting: try again on the next frame.
    requestAnimationFrame(() => paneApi.current?.revealLine(line, col));
  }, []);
  const onPaneReady = useCallback((api: YamlPaneApi) => {
    paneApi.current = api;
  }, []);

  // --- save -----------------------------------------------------------------
  const [refused, setRefused] = useState<Diagnostic[] | undefined>();
  const [version, setVersion] = useState(savedVersion);
  const saveM = useMutation(trpc.pipeline.save.mutationOptions());
  // The saved pipeline this editor holds (none yet for a new one). A save under any other name must make a new
  // pipeline (`create`): the server refuses it when that name is taken, so it never becomes a version of another.
  const opened = useRef(openedName);
  const save = useCallback(async (): Promise<string | undefined> => {
    const diags = store.getState().checkNow();
    const text = store.getState().source;
    if (hasErrors(diags)) {
      setRefused(diags.filter((d) => d.severity === 'error'));
      store.getState().setStatus('Save refused: the pipeline has errors');
      return undefined;
    }
    setRefused(undefined);
    try {
      const create = parsePipeline(text).ast.name?.value !== opened.current;
      const r = await saveM.mutateAsync({ source: text, ...(origin.baseDir && { baseDir: origin.baseDir }), ...(origin.origin && { origin: origin.origin }), ...(create && { create }) });
      opened.current = r.name;
      store.getState().markSaved(text);
      setVersion(r.version);
      store.getState().setStatus(r.status === 'unchanged' ? `No changes: ${r.name} v${r.version}` : `Saved ${r.name} v${r.version}`);
      if (window.location.pathname !== `/pipelines/${encodeURIComponent(r.name)}/edit`) {
        window.history.replaceState(null, '', `/pipelines/${encodeURIComponent(r.name)}/edit`);
      }
      return r.name;
    } catch (e) {
      const server = e instanceof TRPCClientError ? ((e.data as { diagnostics?: Diagnostic[] } | undefined)?.diagnostics ?? undefined) : undefined;
      if (server?.length) setRefused(server);
      store.getState().setStatus(`Save failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }, [store, saveM, origin]);

  // --- run ------------------------------------------------------------------
  const [runOpen, setRunOpen] = useState(false);
  // --- keyboard ---------------------------------------------------------------
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        void save();
        return;
      }
      if (isTextTarget(e.target)) return;
      const st = store.getState();
      if (key === 'z' && !e.shiftKey) st.undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') st.redo();
      else if (key === 'c') st.copy();
      else if (key === 'v') st.apply({ type: 'paste' });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, save]);

  // --- panes ------------------------------------------------------------------
  // Widths, the collapsed config panel and wrapping are kept across reloads (prefs.ts).
  const [paneOpen, setPaneOpen] = useState(true);
  const pane = useStoredWidth('yaml-width', PANE_DEFAULT, PANE_MIN, PANE_MAX);
  const paneWidth = pane.width;
  const dock = useStoredWidth('config-width', DOCK_DEFAULT, DOCK_MIN, DOCK_MAX);
  const [dockCollapsed, setDockCollapsed] = useStoredFlag('config-collapsed', false);
  const [wrap, setWrap] = useStoredFlag('yaml-wrap', true);
  const [versionsOpen, setVersionsOpen] = useState(false);

  // A step added on the canvas (dropped, from the palette, pasted) arrives selected: the YAML pane scrolls to it
  // and lights it up. Steps typed in the pane are not selected, so typing never moves the pane.
  const [flash, setFlash] = useState<YamlFlash | undefined>();
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.graph === prev.graph || !s.graph) return;
        const before = new Set(prev.graph?.nodes.map((n) => n.id));
        const added = s.graph.nodes.filter((n) => !before.has(n.id) && s.selected.includes(n.id));
        if (added.length === 0) return;
        const first = added.reduce((a, b) => (b.line < a.line ? b : a));
        const next = s.graph.nodes.filter((n) => n.line > first.line).reduce<number | undefined>((m, n) => (m === undefined || n.line < m ? n.line : m), undefined);
        setFlash((f) => ({ line: first.line, endLine: next === undefined ? undefined : next - 1, seq: (f?.seq ?? 0) + 1 }));
      }),
    [store],
  );

  const docked = oneId !== undefined;
  const centerRef = useRef<HTMLDivElement | null>(null);
  useKeepInView(oneId, !dockCollapsed, centerRef);
  const columns = [
    'var(--palette-width)',
    'minmax(0, 1fr)',
    ...(docked ? [`${dockCollapsed ? DOCK_STRIP : dock.width}px`] : []),
    ...(paneOpen ? ['auto', `${paneWidth}px`] : []),
  ].join(' ');

  return (
    <div className="editor">
      <div className="editor-toolbar" role="toolbar" aria-label="Editor">
        <h1 className="editor-title">
          {pipelineName}
          {version !== undefined && <span className="muted small"> v{version}</span>}
          {dirty && (
            <span className="editor-dirty" title="Unsaved changes" aria-label="Unsaved changes">
              ●
            </span>
          )}
        </h1>
        {stale && (
          <span className="chip editor-stale" role="note" title="The YAML does not parse; the graph shows the last version that did">
            stale — YAML does not parse
          </span>
        )}
        <span className={`editor-counts small ${errors ? 'error-text' : 'muted'}`} aria-live="polite">
          {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
        <span className="editor-spacer" />
        <button type="button" onClick={() => store.getState().undo()} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
          ↶ Undo
        </button>
        <button type="button" onClick={() => store.getState().redo()} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
          ↷ Redo
        </button>
        <button type="button" onClick={() => void autoLayout(true)} aria-label="Auto layout" title="Lay the graph out left to right" data-testid="layout">
          Layout
        </button>
        <button type="button" onClick={() => setPaneOpen((o) => !o)} aria-pressed={paneOpen} aria-label={paneOpen ? 'Hide YAML' : 'Show YAML'}>
          YAML
        </button>
        <button type="button" onClick={() => setVersionsOpen((o) => !o)} aria-pressed={versionsOpen} aria-label="Versions" data-testid="versions-toggle">
          Versions
        </button>
        <button type="button" className="primary" onClick={() => void save()} disabled={saveM.isPending} data-testid="save" aria-label="Save" title="Save (Ctrl+S)">
          {saveM.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => setRunOpen((o) => !o)} aria-expanded={runOpen} data-testid="run" aria-label="Run">
          ▶ Run
        </button>
      </div>

      {runOpen && <RunForm store={store} save={save} saving={saveM.isPending} dirty={dirty} onCancel={() => setRunOpen(false)} />}

      {refused && refused.length > 0 && (
        <div className="editor-refused error-box" role="alert" aria-label="Save refused">
          <strong>Save refused — fix these first:</strong>
          <ul>
            {refused.map((d, i) => (
              <li key={i}>
                <button type="button" className="linklike" onClick={() => reveal(d.line, d.col)}>
                  {d.line}:{d.col}
                </button>{' '}
                {d.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setRefused(undefined)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}

      <div className="editor-body" style={{ gridTemplateColumns: columns }}>
        <Palette
          onAdd={(kind) => {
            const { graph, selected, positions } = store.getState();
            store.getState().apply(addNextTo(kind, graph, selected, positions));
          }}
        />
        <div className="editor-center" ref={centerRef}>
          <Canvas reveal={reveal} colorMode={colorMode} />
        </div>
        {docked && (
          <ConfigDock
            stepId={oneId}
            reveal={reveal}
            width={dock.width}
            collapsed={dockCollapsed}
            setCollapsed={setDockCollapsed}
            onResize={dock.set}
            onResized={dock.keep}
          />
        )}
        {paneOpen && (
          <>
            <ResizeHandle className="editor-split" label="Resize YAML pane" width={paneWidth} min={PANE_MIN} max={PANE_MAX} onResize={pane.set} onResized={pane.keep} />
            <div className="editor-pane">
              <div className="editor-pane-bar">
                <span className="muted small">YAML</span>
                <span className="editor-spacer" />
                <label className="small editor-wrap">
                  <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} data-testid="yaml-wrap" />
                  Wrap long lines
                </label>
              </div>
              <YamlPaneConnected store={store} theme={colorMode} onReady={onPaneReady} wrap={wrap} flash={flash} />
            </div>
          </>
        )}
        {versionsOpen && (
          <section className="editor-versions" aria-label="Version history">
            <div className="editor-versions-head">
              <h2>Versions of {pipelineName}</h2>
              <button type="button" onClick={() => setVersionsOpen(false)} aria-label="Close version history">
                ×
              </button>
            </div>
            <VersionsSlot name={pipelineName} />
          </section>
        )}
      </div>
      <div className="editor-status" role="status" aria-live="polite">
        {status ?? (stale ? 'The YAML does not parse: the graph shows the last version that did.' : '')}
      </div>
    </div>
  );
}

function countErrors(diagnostics: readonly Diagnostic[]): number {
  let n = 0;
  for (const d of diagnostics) if (d.severity === 'error') n++;
  return n;
}

/** The YAML pane with the two slices it shows: the text and the diagnostics. */
function YamlPaneConnected({
  store,
  theme,
  onReady,
  wrap,
  flash,
}: {
  store: EditorStore;
  theme: 'light' | 'dark';
  onReady: (api: YamlPaneApi) => void;
  wrap: boolean;
  flash: YamlFlash | undefined;
}) {
  const source = useStore(store, (s) => s.source);
  const diagnostics = useStore(store, (s) => s.diagnostics);
  const onChange = useCallback((text: string) => store.getState().apply({ type: 'text', source: text }), [store]);
  return <YamlPaneSlot value={source} onChange={onChange} diagnostics={diagnostics} theme={theme} onReady={onReady} wordWrap={wrap} flash={flash} />;
}

/** The run form: it reads the parameters from the source, so only while it is open (a full parse per edit). */
function RunForm({
  store,
  save,
  saving,
  dirty,
  onCancel,
}: {
  store: EditorStore;
  save: () => Promise<string | undefined>;
  saving: boolean;
  dirty: boolean;
  onCancel: () => void;
}) {
  const source = useStore(store, (s) => s.source);
  const router = useRouter();
  const trpc = useTRPC();
  const params = useMemo(() => {
    try {
      return parsePipeline(source).ast.params.map((p) => ({ name: p.name, type: p.type, default: p.default?.value }));
    } catch {
      return [];
    }
  }, [source]);
  const runM = useMutation(trpc.run.start.mutationOptions());
  const startRun = useCallback(
    async (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const form = new FormData(e.currentTarget);
      const values: Record<string, string> = {};
      for (const p of params) {
        const v = String(form.get(`param-${p.name}`) ?? '').trim();
        if (v !== '') values[p.name] = v;
      }
      const name = store.getState().source === store.getState().savedSource ? (store.getState().graph?.name ?? undefined) : await save();
      if (!name) return;
      try {
        const run = await runM.mutateAsync({ pipeline: name, ...(Object.keys(values).length > 0 && { params: values }) });
        router.push(`/runs/${run.id}`);
      } catch (err) {
        store.getState().setStatus(`Run failed to start: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    [params, save, runM, router, store],
  );

  return (
    <form className="editor-run" onSubmit={startRun} aria-label="Run parameters">
      {params.length === 0 && <span className="muted small">No parameters.</span>}
      {params.map((p) => (
        <label key={p.name}>
          <span>{p.name}</span>
          <input name={`param-${p.name}`} placeholder={p.default === undefined ? (p.type ?? '') : String(p.default)} aria-label={`Parameter ${p.name}`} />
        </label>
      ))}
      <button type="submit" className="primary" disabled={runM.isPending || saving} data-testid="run-start">
        {dirty ? 'Save and run' : 'Start run'}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
