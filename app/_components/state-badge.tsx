// A coloured pill for a run or step state; the word is always there, colour only repeats it.
export function StateBadge({ state, testId }: { state: string; testId?: string }) {
  return (
    <span className={`badge state-${state}`} data-testid={testId} data-state={state}>
      <span className="badge-dot" aria-hidden="true" />
      {state}
    </span>
  );
}
