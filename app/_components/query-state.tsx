// What a section shows while its data loads or when the API said no.
import type { ReactNode } from 'react';
import { errorMessage } from '../_lib/errors';

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-busy="true">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ title, error }: { title: string; error: unknown }) {
  const message = errorMessage(error);
  return (
    <div className="error-box" role="alert">
      <strong>{title}</strong>
      <p>{message}</p>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
