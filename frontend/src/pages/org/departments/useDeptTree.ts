import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient } from 'urql';
import { OrgDeptTreeDocument, type OrgDeptTreeQuery } from '../../../graphql/graphql';
import { buildTree, type DeptRow } from './tree';

const PAGE = 100;
/** 100 pages of 100: more departments than any agency has; stops a server that keeps answering. */
const MAX_PAGES = 100;

export interface DeptTreeState {
  depts: DeptRow[];
  byId: Map<string, DeptRow>;
  roots: ReturnType<typeof buildTree>;
  loading: boolean;
  error: unknown;
  /** Loaded at least once. */
  ready: boolean;
  reload: () => Promise<void>;
}

/** Every department the viewer may read, closed ones included, page by page (the page size is 100). */
export function useDeptTree(): DeptTreeState {
  const client = useClient();
  const [depts, setDepts] = useState<DeptRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++run.current;
    setLoading(true);
    setError(null);
    const out: DeptRow[] = [];
    let after: string | null = null;
    try {
      for (let i = 0; i < MAX_PAGES; i++) {
        const r: { data?: OrgDeptTreeQuery; error?: unknown } = await client.query(OrgDeptTreeDocument, { first: PAGE, after }, { requestPolicy: 'network-only' }).toPromise();
        if (r.error) throw r.error;
        const conn: OrgDeptTreeQuery['departments'] | undefined = r.data?.departments;
        if (!conn) break;
        for (const e of conn.edges ?? []) if (e?.node) out.push(e.node);
        if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) break;
        after = conn.pageInfo.endCursor;
      }
      if (mine !== run.current) return;
      setDepts(out);
      setReady(true);
    } catch (e) {
      if (mine === run.current) setError(e);
    } finally {
      if (mine === run.current) setLoading(false);
    }
  }, [client]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return useMemo(() => {
    const byId = new Map(depts.map((d) => [d.id, d]));
    return { depts, byId, roots: buildTree(depts), loading, error, ready, reload };
  }, [depts, loading, error, ready, reload]);
}
