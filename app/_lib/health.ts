// What the nav's health indicator says, from `/healthz` (server/http.ts): `ok` when every component the launcher
// supervises is up, else `degraded` naming them and their states (cli/platform/supervisor.ts); `down` when the
// platform does not answer at all.

/** The fields of `/healthz` this reads; a server without a supervisor leaves `components` empty. */
export interface Healthz {
  ok?: boolean;
  status?: 'ok' | 'degraded';
  degraded?: string[];
  components?: Record<string, { state: string; restarts?: number; lastExit?: { cause: string; at: string } }>;
}

export interface HealthView {
  tone: 'ok' | 'degraded' | 'down';
  /** A few words for the header. */
  label: string;
  /** One line per component, for the tooltip. */
  detail: string;
}

/** The view of a `/healthz` answer (undefined: none yet); `failed`: the request itself failed. */
export function healthView(h: Healthz | undefined, failed = false): HealthView | undefined {
  if (failed) return { tone: 'down', label: 'platform not answering', detail: 'GET /healthz failed: the launcher is stopped or restarting' };
  if (!h) return undefined;
  const components = Object.entries(h.components ?? {});
  const detail = components.length === 0
    ? 'the API answers'
    : components.map(([name, c]) => {
      const restarts = c.restarts ? `, ${c.restarts} restart${c.restarts === 1 ? '' : 's'}` : '';
      const last = c.lastExit ? `, last exit: ${c.lastExit.cause}` : '';
      return `${name}: ${c.state}${restarts}${last}`;
    }).join('\n');
  const degraded = h.degraded ?? components.filter(([, c]) => c.state !== 'up').map(([name]) => name);
  if (h.status !== 'degraded' && degraded.length === 0) return { tone: 'ok', label: 'ok', detail };
  const first = degraded[0];
  const state = first ? h.components?.[first]?.state : undefined;
  const more = degraded.length > 1 ? ` +${degraded.length - 1}` : '';
  return { tone: 'degraded', label: first ? `degraded: ${first} ${state ?? ''}`.trimEnd() + more : 'degraded', detail };
}
