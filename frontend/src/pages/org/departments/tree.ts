import type { DepartmentKind, OrgDeptChangeFieldsFragment, OrgDeptFieldsFragment } from '../../../graphql/graphql';

export type DeptRow = OrgDeptFieldsFragment;
export type DeptChange = OrgDeptChangeFieldsFragment;

export interface DeptNode {
  dept: DeptRow;
  children: DeptNode[];
  depth: number;
}

/** Siblings in the agency's own order (sortOrder), then by code. */
export function compareDepts(a: DeptRow, b: DeptRow): number {
  return a.sortOrder - b.sortOrder || a.code.localeCompare(b.code) || a.id.localeCompare(b.id);
}

/**
 * The tree of a flat list: each department under its parent when the parent is in the list, otherwise a
 * root (the agency itself, or the top of what the viewer may read). A cycle in the data (which the server
 * refuses) cannot loop: a department already placed is not placed again.
 */
export function buildTree(depts: readonly DeptRow[]): DeptNode[] {
  const byId = new Map(depts.map((d) => [d.id, d]));
  const kids = new Map<string, DeptRow[]>();
  const roots: DeptRow[] = [];
  for (const d of depts) {
    if (d.parentID && d.parentID !== d.id && byId.has(d.parentID)) {
      const list = kids.get(d.parentID) ?? [];
      list.push(d);
      kids.set(d.parentID, list);
    } else roots.push(d);
  }
  const placed = new Set<string>();
  const make = (d: DeptRow, depth: number): DeptNode => {
    placed.add(d.id);
    const children = (kids.get(d.id) ?? [])
      .filter((c) => !placed.has(c.id))
      .sort(compareDepts)
      .map((c) => make(c, depth + 1));
    return { dept: d, children, depth };
  };
  const out = roots.sort(compareDepts).map((d) => make(d, 0));
  // Departments on a cycle have no root: show them at the top rather than lose them.
  for (const d of [...depts].sort(compareDepts)) if (!placed.has(d.id)) out.push(make(d, 0));
  return out;
}

export type KindFilter = 'ALL' | DepartmentKind;

export interface TreeFilter {
  /** Part of a name or code, case-insensitive. */
  q: string;
  kind: KindFilter;
  /** Closed (撤销) departments are listed too. */
  showClosed: boolean;
}

export interface ShownNode {
  dept: DeptRow;
  children: ShownNode[];
  /** The department itself passes the filter (false: shown only as the way to one that does). */
  match: boolean;
}

export interface FilteredTree {
  nodes: ShownNode[];
  /** The departments that pass the filter. */
  matches: number;
  /** Keys to expand so that every match is in view (the ancestors of the matches). */
  expanded: string[];
}

function passes(d: DeptRow, f: TreeFilter, q: string): boolean {
  if (!f.showClosed && d.closedAt) return false;
  if (f.kind !== 'ALL' && d.kind !== f.kind) return false;
  if (!q) return true;
  return d.name.toLowerCase().includes(q) || d.code.toLowerCase().includes(q);
}

/**
 * The tree as the filter shows it: a department that passes, and the ancestors leading to one (marked
 * `match: false`, so that the tree keeps its shape). With no search text, every ancestor with shown
 * children is expanded down to two levels; with one, the ancestors of every match.
 */
export function filterTree(roots: readonly DeptNode[], f: TreeFilter): FilteredTree {
  const q = f.q.trim().toLowerCase();
  let matches = 0;
  const expanded: string[] = [];
  const walk = (n: DeptNode): ShownNode | null => {
    const children = n.children.flatMap((c) => {
      const s = walk(c);
      return s ? [s] : [];
    });
    const match = passes(n.dept, f, q);
    if (match) matches++;
    if (!match && children.length === 0) return null;
    if (children.length > 0 && (q || n.depth < 2)) expanded.push(n.dept.id);
    return { dept: n.dept, children, match };
  };
  const nodes = roots.flatMap((r) => {
    const s = walk(r);
    return s ? [s] : [];
  });
  return { nodes, matches, expanded };
}

/** The ids of a department and everything below it. */
export function subtreeIds(roots: readonly DeptNode[], id: string): Set<string> {
  const out = new Set<string>();
  const find = (ns: readonly DeptNode[]): DeptNode | undefined => {
    for (const n of ns) {
      if (n.dept.id === id) return n;
      const f = find(n.children);
      if (f) return f;
    }
    return undefined;
  };
  const start = find(roots);
  const add = (n: DeptNode) => {
    out.add(n.dept.id);
    n.children.forEach(add);
  };
  if (start) add(start);
  return out;
}

export type Right = 'create' | 'update' | 'move' | 'merge' | 'close';

/**
 * What the viewer may do with a department (docs/ACCESS.md "Organisation"): ADMIN everything; a LEADER
 * creates under a department of their subtree and edits those below their own; moves, merges and
 * closes are ADMIN's. Nothing is done to a closed department, and the agency itself is never moved,
 * merged or closed. The server decides in the end (FORBIDDEN is still handled).
 */
export function rights(
  viewer: { role: string; departmentId: string | null } | null,
  d: DeptRow,
  roots: readonly DeptNode[],
): Set<Right> {
  const out = new Set<Right>();
  if (!viewer || d.closedAt) return out;
  const isRoot = !d.parentID;
  if (viewer.role === 'ADMIN') {
    out.add('create').add('update');
    if (!isRoot) out.add('move').add('merge').add('close');
    return out;
  }
  if (viewer.role === 'LEADER' && viewer.departmentId) {
    const mine = subtreeIds(roots, viewer.departmentId);
    if (mine.has(d.id)) out.add('create');
    if (mine.has(d.id) && d.id !== viewer.departmentId) out.add('update');
  }
  return out;
}

/**
 * The departments that may take over `d` (merge target or successor): open, of the same kind, not
 * `d` itself nor below it — the rules departmentMergePreview checks, so that the picker offers only
 * those.
 */
export function successorCandidates(depts: readonly DeptRow[], roots: readonly DeptNode[], d: DeptRow): DeptRow[] {
  const below = subtreeIds(roots, d.id);
  return depts.filter((c) => !c.closedAt && c.kind === d.kind && !below.has(c.id)).sort(compareDepts);
}

/** The counts of a DepartmentChange, in the order they are listed (moving first, staying last). */
export const CHANGE_COUNTS = [
  'openTasks',
  'openRequests',
  'coHandledTasks',
  'activeStaff',
  'secondedStaff',
  'accounts',
  'children',
  'responsibilityItems',
  'pendingVisits',
  'openRectifications',
  'openComplaints',
] as const satisfies readonly (keyof DeptChange)[];

export type ChangeCount = (typeof CHANGE_COUNTS)[number];

/** The non-zero counts of a preview (what moves to the successor). */
export function movingCounts(c: DeptChange): { key: ChangeCount; n: number }[] {
  return CHANGE_COUNTS.flatMap((key) => (c[key] > 0 ? [{ key, n: c[key] }] : []));
}

/** A form field of the server's `extensions.field` ("input.name" → "name", "parent" → "parent"). */
export function formField(field: string | undefined): string | undefined {
  if (!field) return undefined;
  return field.replace(/^input\./, '');
}

export interface PickerNode {
  value: string;
  title: string;
  disabled?: boolean;
  children?: PickerNode[];
}

/**
 * A TreeSelect's data: the open departments in their tree (closed ones are not offered), `allow`
 * deciding which may be picked (the others stay as the way to their children).
 */
export function pickerTree(roots: readonly DeptNode[], allow: (d: DeptRow) => boolean = () => true): PickerNode[] {
  const walk = (n: DeptNode): PickerNode[] => {
    if (n.dept.closedAt) return [];
    const children = n.children.flatMap(walk);
    const ok = allow(n.dept);
    if (!ok && children.length === 0) return [];
    return [
      {
        value: n.dept.id,
        title: `${n.dept.name}（${n.dept.code}）`,
        ...(ok ? {} : { disabled: true }),
        ...(children.length ? { children } : {}),
      },
    ];
  };
  return roots.flatMap(walk);
}
