'use client';
// The pipeline's YAML in Monaco: schema completion (monaco-yaml), the checker's diagnostics as markers,
// and outside changes applied as minimal edits so the cursor and the undo stack survive them.
// Client-only: load it through yaml-pane-lazy.tsx.
import Editor, { type OnMount } from '@monaco-editor/react';
import type * as Monaco from 'monaco-editor';
import { useEffect, useId, useRef } from 'react';
import type { Diagnostic } from '../../../dsl/diagnostics';
import { MODEL_PREFIX, MODEL_SUFFIX, setupMonaco } from './monaco-setup';
import { minimalTextEdit, type TextEdit } from '../../../dsl/projection';
import type { YamlFlash, YamlPaneApi, YamlPaneProps } from './types';
import './yaml.css';

export type { YamlFlash, YamlPaneApi, YamlPaneProps } from './types';

const monaco = setupMonaco();

export const MARKER_OWNER = 'headrace';

function toMarkers(diagnostics: readonly Diagnostic[]): Monaco.editor.IMarkerData[] {
  return diagnostics.map((d) => ({
    severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: d.message,
    code: d.code,
    source: 'headrace',
    startLineNumber: d.line,
    startColumn: d.col,
    endLineNumber: d.endLine,
    endColumn: d.endCol,
  }));
}

function pushEdit(model: Monaco.editor.ITextModel, editor: Monaco.editor.ICodeEditor, edit: TextEdit): void {
  const range = monaco.Range.fromPositions(model.getPositionAt(edit.start), model.getPositionAt(edit.end));
  model.pushStackElement();
  model.pushEditOperations(editor.getSelections(), [{ range, text: edit.text }], () => null);
  model.pushStackElement();
}

export default function YamlPane(props: YamlPaneProps) {
  const { value, diagnostics, theme, wordWrap = true, flash } = props;
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const flashed = useRef<Monaco.editor.IEditorDecorationsCollection | null>(null);
  /** True while an outside `value` is being applied: those changes are not reported back. */
  const applying = useRef(false);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const path = `${MODEL_PREFIX}pane-${useId().replace(/[^A-Za-z0-9_-]/g, '')}${MODEL_SUFFIX}`;

  const syncValue = (text: string) => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    const edit = minimalTextEdit(model.getValue(), text);
    if (!edit) return;
    applying.current = true;
    try {
      pushEdit(model, editor, edit);
    } finally {
      applying.current = false;
    }
  };

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    const model = editor.getModel();
    if (!model) return;
    model.updateOptions({ tabSize: 2, insertSpaces: true });
    syncValue(latest.current.value);
    monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(latest.current.diagnostics));
    editor.onDidChangeModelContent(() => {
      if (applying.current) return;
      // Typing here ends the light on an added step.
      flashed.current?.clear();
      latest.current.onChange(model.getValue());
    });
    if (latest.current.flash) showFlash(editor, latest.current.flash);
    editor.onDidDispose(() => {
      if (editorRef.current === editor) editorRef.current = null;
    });
    latest.current.onReady?.({
      revealLine(line, col = 1) {
        editor.revealLineInCenterIfOutsideViewport(line);
        editor.setPosition({ lineNumber: line, column: col });
      },
      applyEdit(edit) {
        const m = editor.getModel();
        if (m) pushEdit(m, editor, edit);
      },
      focus() {
        editor.focus();
      },
    } satisfies YamlPaneApi);
  };

  /** Scrolls to the block and lights it (a fading background, see yaml.css); the cursor stays where it is. */
  const showFlash = (editor: Monaco.editor.IStandaloneCodeEditor, f: YamlFlash) => {
    const model = editor.getModel();
    if (!model) return;
    const last = model.getLineCount();
    const start = Math.min(f.line, last);
    let end = Math.min(f.endLine ?? last, last);
    while (end > start && model.getLineContent(end).trim() === '') end--;
    flashed.current?.clear();
    flashed.current = editor.createDecorationsCollection([
      { range: new monaco.Range(start, 1, end, 1), options: { isWholeLine: true, className: 'yaml-flash', linesDecorationsClassName: 'yaml-flash-gutter' } },
    ]);
    editor.revealLineInCenterIfOutsideViewport(start);
  };

  useEffect(() => {
    syncValue(value);
  }, [value]);

  // After the value effect above: the added step's lines are in the model when they are lit.
  useEffect(() => {
    if (flash && editorRef.current) showFlash(editorRef.current, flash);
  }, [flash?.seq]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(diagnostics));
  }, [diagnostics]);

  return (
    <div className="yaml-pane" data-testid="yaml-pane">
      <Editor
        path={path}
        language="yaml"
        defaultValue={value}
        theme={theme === 'dark' ? 'vs-dark' : 'vs'}
        onMount={onMount}
        loading={<div className="yaml-pane-loading">Loading editor…</div>}
        options={{
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          insertSpaces: true,
          scrollBeyondLastLine: false,
          renderWhitespace: 'selection',
          wordBasedSuggestions: 'off',
          quickSuggestions: { other: true, strings: true, comments: false },
          fixedOverflowWidgets: true,
          ariaLabel: 'Pipeline YAML',
          wordWrap: wordWrap ? 'on' : 'off',
          wrappingIndent: 'indent',
        }}
      />
    </div>
  );
}
