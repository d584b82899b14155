'use client';
// Every step kind of the catalog, grouped and searchable; drag one onto the canvas, or press Enter (double-click)
// to add it: next to the selected step and wired to it when one of its outputs fits (add-next.ts).
import { useMemo, useState } from 'react';
import { STEP_GROUPS, stepKinds } from '../../dsl/catalog';
import { PALETTE_MIME } from './canvas';
import { portClass } from './step-node';

// The catalog's groups, in its order; test kinds exist for the test suite only and stay out of the palette.
const groups = STEP_GROUPS.filter((g) => g.id !== 'test');

export function Palette({ onAdd }: { onAdd: (kind: string) => void }) {
  const [query, setQuery] = useState('');
  const kinds = useMemo(() => stepKinds(), []);
  const q = query.trim().toLowerCase();
  const shown = kinds.filter((k) => !q || k.kind.toLowerCase().includes(q) || k.description.toLowerCase().includes(q));
  return (
    <aside className="palette" aria-label="Step kinds">
      <input
        type="search"
        className="palette-search"
        placeholder="Search steps…"
        aria-label="Search step kinds"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="palette-list">
        {groups.map((g) => {
          const items = shown.filter((k) => k.group === g.id);
          if (items.length === 0) return null;
          return (
            <section key={g.id} aria-label={g.label} className="palette-group">
              <h3>{g.label}</h3>
              <ul>
                {items.map((k) => (
                  <li
                    key={k.kind}
                    className="palette-item"
                    data-testid={`palette-${k.kind}`}
                    draggable
                    tabIndex={0}
                    role="button"
                    aria-label={`${k.kind}: ${k.description} Drag onto the canvas, or press Enter to add.`}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(PALETTE_MIME, k.kind);
                      e.dataTransfer.setData('text/plain', k.kind);
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onAdd(k.kind);
                      }
                    }}
                    onDoubleClick={() => onAdd(k.kind)}
                  >
                    <div className="palette-kind">{k.kind}</div>
                    <div className="palette-desc">{k.description}</div>
                    <div className="palette-ports" aria-hidden="true">
                      {Object.entries(k.inputs).map(([n, p]) => (
                        <span key={`i-${n}`} className={`port-chip ${portClass(p.type)}`}>
                          {n}
                        </span>
                      ))}
                      {k.variadicInputs && <span className={`port-chip ${portClass(k.variadicInputs.type)}`}>tables…</span>}
                      {(Object.keys(k.inputs).length > 0 || k.variadicInputs) && Object.keys(k.outputs).length > 0 && <span className="muted">→</span>}
                      {Object.entries(k.outputs).map(([n, p]) => (
                        <span key={`o-${n}`} className={`port-chip ${portClass(p.type)}`}>
                          {n}
                        </span>
                      ))}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        {shown.length === 0 && <p className="muted small">No step kind matches “{query}”.</p>}
      </div>
    </aside>
  );
}
