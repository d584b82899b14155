// The prediction log's writer thread, as Node starts it: plain JavaScript that loads tsx's hooks in this thread
// (they are per thread) and then the TypeScript of ./writer-thread.ts, so the thread starts alike under
// `headrace serve`, tsx, vitest or plain node.
import { register } from 'tsx/esm/api';

register();
await import('./writer-thread.ts');
