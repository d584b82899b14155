// The options every command that talks to a server takes.
export interface Remote {
  /** Server URL; else HEADRACE_URL, the local launcher's runtime file, or http://127.0.0.1:3000. */
  url?: string;
  /** API token; else HEADRACE_TOKEN or the stored credentials. */
  token?: string;
  json?: boolean;
}
