// A step's error message, as the worker recorded it.
export function StepError({ message }: { message: string }) {
  return (
    <p className="step-error pre" role="note">
      {message}
    </p>
  );
}
