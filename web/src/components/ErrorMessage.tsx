import type { CombinedError } from '@urql/core';

/** A GraphQL or network error as a person reads it, announced to screen readers. */
export function ErrorMessage({ error }: { error?: CombinedError | string | null }) {
  if (!error) return null;
  const text = typeof error === 'string' ? error : (error.graphQLErrors[0]?.message ?? (error.networkError ? 'The server cannot be reached. Try again.' : error.message));
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}
