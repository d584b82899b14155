// A step's error message as the worker recorded it; a long one shows its start and opens on request.
const LIMIT = 240;

export function StepError({ message, tone }: { message: string; tone: 'error' | 'earlier' | 'note' }) {
  const className = `step-error tone-${tone}`;
  if (message.length <= LIMIT) return <p className={`${className} pre`}>{message}</p>;
  return (
    <details className={className}>
      <summary className="pre">{message.slice(0, LIMIT)}… (show all)</summary>
      <p className="pre">{message}</p>
    </details>
  );
}
