// Gates are checked in one place for the worker and the registry (server/services/gates.ts).
export { unmetGates } from '../../server/services/gates';
