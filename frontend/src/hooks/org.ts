import { useMemo } from 'react';
import { useQuery } from 'urql';
import { OrgDepartmentsDocument, type OrgDepartmentsQuery } from '../graphql/graphql';

export type Dept = NonNullable<NonNullable<NonNullable<OrgDepartmentsQuery['departments']['edges']>[number]>['node']>;

export interface DeptTreeNode {
  value: string;
  title: string;
  key: string;
  children?: DeptTreeNode[];
}

/** Builds a tree (for TreeSelect) of the given departments, keeping parents that are in the list. */
export function deptTree(depts: Dept[]): DeptTreeNode[] {
  const ids = new Set(depts.map((d) => d.id));
  const sorted = [...depts].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh'));
  const nodes = new Map<string, DeptTreeNode>(sorted.map((d) => [d.id, { value: d.id, key: d.id, title: d.name }]));
  const roots: DeptTreeNode[] = [];
  for (const d of sorted) {
    const n = nodes.get(d.id)!;
    const parent = d.parentID && ids.has(d.parentID) ? nodes.get(d.parentID) : undefined;
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

/** The organisation (every role may read it): agency departments and frontline units. */
export function useDepartments({ pause = false }: { pause?: boolean } = {}) {
  const [{ data, fetching, error }] = useQuery({ query: OrgDepartmentsDocument, requestPolicy: 'cache-first', pause });
  return useMemo(() => {
    const all: Dept[] = (data?.departments?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
    const agency = all.filter((d) => d.kind === 'AGENCY');
    const frontline = all.filter((d) => d.kind === 'FRONTLINE');
    const byId = new Map(all.map((d) => [d.id, d]));
    return { all, agency, frontline, byId, fetching, error, agencyTree: deptTree(agency) };
  }, [data, fetching, error]);
}
