// A minimal EventSource over fetch, for Node (which has none) and for sending `Authorization` headers
// (which the browser's EventSource cannot). Enough of the WHATWG interface for tRPC's
// httpSubscriptionLink: named events, `data`, `id`, readyState and close(). No automatic reconnect: a
// dropped stream reports `error` with readyState CLOSED, and the link surfaces it to the caller.

type Listener = (event: { type: string; data?: string; lastEventId?: string }) => void;

export interface FetchEventSourceInit {
  headers?: Record<string, string>;
  withCredentials?: boolean;
}

export class FetchEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly abort = new AbortController();

  constructor(
    readonly url: string,
    init: FetchEventSourceInit = {},
  ) {
    void this.run(init);
  }

  addEventListener(type: string, listener: Listener): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  close(): void {
    this.readyState = this.CLOSED;
    this.abort.abort();
  }

  private emit(type: string, data?: string, lastEventId?: string): void {
    for (const l of this.listeners.get(type) ?? []) l({ type, data, lastEventId });
  }

  private async run(init: FetchEventSourceInit): Promise<void> {
    try {
      const res = await fetch(this.url, {
        headers: { accept: 'text/event-stream', ...init.headers },
        credentials: init.withCredentials ? 'include' : 'same-origin',
        signal: this.abort.signal,
      });
      if (!res.ok || !res.body) throw new Error(`event stream answered HTTP ${res.status}`);
      this.readyState = this.OPEN;
      this.emit('open');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let event = { type: 'message', data: [] as string[], id: '' };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let nl: number;
        while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
          if (line === '') {
            // A blank line dispatches the event gathered so far.
            if (event.data.length > 0) this.emit(event.type, event.data.join('\n'), event.id || undefined);
            event = { type: 'message', data: [], id: event.id };
            continue;
          }
          if (line.startsWith(':')) continue; // comment / keep-alive
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event.type = val;
          else if (field === 'data') event.data.push(val);
          else if (field === 'id') event.id = val;
        }
      }
    } catch {
      // Aborted by close(), or the connection failed: either way the stream is over.
    }
    if (this.readyState !== this.CLOSED) {
      this.readyState = this.CLOSED;
      this.emit('error');
    }
  }
}
