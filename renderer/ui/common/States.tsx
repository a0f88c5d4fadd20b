import type { ReactNode } from 'react';

/** Loading, error and empty states, shaped like the content so nothing jumps when it arrives. */
export function Loading({ what, height = '8rem' }: { what: string; height?: string }) {
  return <div className="placeholder" style={{ minHeight: height }} aria-busy="true"><span className="muted">Loading {what}…</span></div>;
}

export function ErrorNote({ error }: { error: string }) {
  return <p className="error" role="alert">{error}</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty muted">{children}</div>;
}
