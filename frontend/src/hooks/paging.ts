import { useRef, useState } from 'react';

/**
 * Cursor paging over a Relay connection: remembers the `after` cursor of every visited page and starts
 * again at page 1 whenever `resetKey` (the serialized filters) changes.
 */
export function useCursorPaging(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[]; page: number }>({
    key: resetKey,
    cursors: [null],
    page: 0,
  });
  const current = state.key === resetKey ? state : { key: resetKey, cursors: [null], page: 0 };
  if (current !== state) setState(current);
  return {
    page: current.page,
    after: current.cursors[current.page] ?? null,
    first: () => setState({ ...current, page: 0 }),
    prev: () => setState({ ...current, page: Math.max(0, current.page - 1) }),
    next: (endCursor: string | null | undefined) => {
      if (!endCursor) return;
      setState({ ...current, cursors: [...current.cursors.slice(0, current.page + 1), endCursor], page: current.page + 1 });
    },
  };
}

/** Keeps the last data on screen while the next page or filter loads. */
export function useSticky<T>(data: T | undefined): T | undefined {
  const last = useRef<T | undefined>(undefined);
  if (data !== undefined) last.current = data;
  return data ?? last.current;
}
