// The duration text the language reads everywhere (`timeout:`, `cooldown:`, a monitor's `window:`): a number and
// a unit. A leaf module, so the grammar and the monitor spec can both import it without importing each other.
export const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
