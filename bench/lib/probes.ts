// In-page timing probes, as source strings: functions compiled by tsx may carry esbuild helpers (`__name`)
// that do not exist in the page, so what runs in Chromium is written here as plain JavaScript.
import type { Page } from 'playwright-core';

/**
 * Installed before every document: remembers the last keydown's time, drops saved canvas positions (every
 * open lays out from scratch), and marks milestones once per frame while a page opens with `__benchExpect` nodes
 * (a canvas that draws only the nodes in view, marked `data-visible-only`, is laid out when those are).
 */
export const INIT_SCRIPT = `(() => {
  const B = (window.__bench = { marks: {}, lastKey: null, wait: null, longTasks: [] });
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith('headrace:layout:')) localStorage.removeItem(k);
  } catch {}
  window.addEventListener('keydown', (e) => {
    const now = performance.now();
    B.lastKey = { key: e.key, t: e.timeStamp > 0 && e.timeStamp <= now ? e.timeStamp : now };
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const mark = (name, t) => { if (!(name in B.marks)) B.marks[name] = t; };
  const tick = () => {
    const t = performance.now();
    const n = window.__benchExpect;
    if (document.querySelector('.react-flow__pane')) mark('pane', t);
    if (document.querySelector('.react-flow__node')) mark('firstNode', t);
    if (document.querySelector('[data-testid="yaml-pane"] .view-line')) mark('yamlText', t);
    if (n) {
      const nodes = document.querySelectorAll('.react-flow__node');
      // A large graph draws only the nodes in view (the canvas says so): those must all be there and measured.
      const visibleOnly = !!document.querySelector('.editor-canvas[data-visible-only]');
      let laid = visibleOnly ? nodes.length > 0 : nodes.length === n;
      if (laid) mark('nodes', t);
      for (const el of laid ? nodes : []) {
        const r = el.getBoundingClientRect();
        if (!(r.width > 0 && r.height > 0) || getComputedStyle(el).visibility === 'hidden') { laid = false; break; }
      }
      if (laid) mark('laidOut', t);
      const vp = document.querySelector('.react-flow__viewport');
      const fitted = !!vp && vp.style.transform !== '' && vp.style.transform !== 'translate(0px, 0px) scale(1)';
      if (fitted) mark('fitted', t);
      if (laid && fitted) mark('ready', t);
    }
    if (!('ready' in B.marks && 'yamlText' in B.marks)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

export interface OpenMarks {
  responseEnd: number;
  domContentLoaded: number;
  pane?: number;
  firstNode?: number;
  yamlText?: number;
  nodes?: number;
  laidOut?: number;
  fitted?: number;
  ready: number;
  /** Main-thread long tasks (> 50 ms) before `ready`, summed. */
  longTaskMs: number;
}

/** Waits for the opening page's `ready` mark (all nodes laid out and the view fitted) and reads the milestones. */
export async function openMarks(page: Page, timeoutMs: number): Promise<OpenMarks> {
  await page.waitForFunction('window.__bench && "ready" in window.__bench.marks', undefined, { timeout: timeoutMs, polling: 50 });
  return page.evaluate(`(() => {
    const B = window.__bench;
    const nav = performance.getEntriesByType('navigation')[0];
    const longTaskMs = B.longTasks.filter(([s]) => s < B.marks.ready).reduce((a, [s, d]) => a + Math.min(d, B.marks.ready - s), 0);
    return { responseEnd: nav ? nav.responseEnd : 0, domContentLoaded: nav ? nav.domContentLoadedEventEnd : 0, ...B.marks, longTaskMs };
  })()`);
}

/**
 * Arms a one-shot watch: a MutationObserver on `container` that, once `condition` (a JS expression) holds,
 * notes the time and the start of the next frame (the frame that paints the change).
 */
export async function armWatch(page: Page, container: string, condition: string): Promise<void> {
  await page.evaluate(`(() => {
    const B = window.__bench;
    const root = document.querySelector(${JSON.stringify(container)});
    if (!root) throw new Error('no ' + ${JSON.stringify(container)});
    const check = () => (${condition});
    if (check()) throw new Error('condition already holds: ' + ${JSON.stringify(condition)});
    const w = (B.wait = { done: false, tMut: 0, tFrame: 0 });
    const mo = new MutationObserver(() => {
      if (w.tMut || !check()) return;
      w.tMut = performance.now();
      mo.disconnect();
      requestAnimationFrame(() => { w.tFrame = performance.now(); w.done = true; });
    });
    mo.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
}

export interface Watched {
  /** keydown → the DOM shows the change. */
  dom: number;
  /** keydown → the start of the frame that paints it. */
  frame: number;
}

export async function watched(page: Page, timeoutMs: number): Promise<Watched> {
  await page.waitForFunction('window.__bench.wait && window.__bench.wait.done', undefined, { timeout: timeoutMs, polling: 20 });
  return page.evaluate(`(() => {
    const B = window.__bench;
    return { dom: B.wait.tMut - B.lastKey.t, frame: B.wait.tFrame - B.lastKey.t };
  })()`);
}

/** The browser's frame time: the mean interval between the timestamps of `rounds` empty requestAnimationFrame callbacks. */
export function frameRound(page: Page, rounds = 5): Promise<number> {
  return page.evaluate(`new Promise((r) => { let first = 0, n = 0; const f = (t) => { if (n === 0) first = t; if (n++ < ${rounds}) requestAnimationFrame(f); else r((t - first) / ${rounds}); }; requestAnimationFrame(f); })`);
}
