/** The `extensions.reason` a client handles on its own (docs/API.md "Errors"). */
export type ErrorReason = 'PASSWORD_CHANGE_REQUIRED' | 'ACCOUNT_DISABLED';

interface ErrorLike {
  graphQLErrors?: { extensions?: Record<string, unknown> | null }[];
  extensions?: Record<string, unknown> | null;
}

/** The first known extensions.reason of an urql CombinedError or a single GraphQL error, else null. */
export function errorReason(error: unknown): ErrorReason | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as ErrorLike;
  const list = Array.isArray(e.graphQLErrors) ? e.graphQLErrors : e.extensions ? [e] : [];
  for (const g of list) {
    const r = g.extensions?.reason;
    if (r === 'PASSWORD_CHANGE_REQUIRED' || r === 'ACCOUNT_DISABLED') return r;
  }
  return null;
}
