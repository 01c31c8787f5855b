import { describe, expect, it } from 'vitest';
import { buildTree, filterTree, movingCounts, pickerTree, rights, subtreeIds, successorCandidates, formField, type DeptChange, type DeptRow } from './tree';

function d(id: string, parentID: string | null, over: Partial<DeptRow> = {}): DeptRow {
  return {
    id,
    name: `部门${id}`,
    code: `C${id}`,
    kind: 'AGENCY',
    parentID,
    sortOrder: 0,
    visitQuotaPerYear: 0,
    closedAt: null,
    successor: null,
    ...over,
  };
}

// root ─┬─ a (order 2) ── a1 ── a11
//       ├─ b (order 1, closed)
//       └─ u (frontline unit, order 3)
const rows: DeptRow[] = [
  d('a11', 'a1', { name: '档案室' }),
  d('a', 'root', { sortOrder: 2, name: '办公室' }),
  d('u', 'root', { sortOrder: 3, kind: 'FRONTLINE', name: '第一车间' }),
  d('root', null, { name: '某机关', code: 'ROOT' }),
  d('b', 'root', { sortOrder: 1, closedAt: '2026-12-01T00:00:00Z', name: '旧科室' }),
  d('a1', 'a', { name: '文书科' }),
];
const roots = buildTree(rows);
const ids = (ns: { dept: DeptRow; children: unknown[] }[]): unknown[] =>
  ns.map((n) => (n.children.length ? [n.dept.id, ids(n.children as never)] : n.dept.id));

describe('buildTree', () => {
  it('puts each department under its parent, siblings by sort order', () => {
    expect(ids(roots)).toEqual([['root', ['b', ['a', [['a1', ['a11']]]], 'u']]]);
    expect(roots[0].children[1].children[0].depth).toBe(2);
  });

  it('makes a department whose parent is not in the list a root (a leader sees their subtree only)', () => {
    const t = buildTree(rows.filter((r) => r.id !== 'root'));
    expect(t.map((n) => n.dept.id)).toEqual(['b', 'a', 'u']);
  });

  it('does not loop on a cycle in the data and loses no department', () => {
    const t = buildTree([d('x', 'y'), d('y', 'x'), d('z', null)]);
    const all: string[] = [];
    const walk = (ns: typeof t) => ns.forEach((n) => (all.push(n.dept.id), walk(n.children)));
    walk(t);
    expect(all.sort()).toEqual(['x', 'y', 'z']);
  });
});

describe('filterTree', () => {
  it('shows everything with no filter, expanding the top two levels', () => {
    const f = filterTree(roots, { q: '', kind: 'ALL', showClosed: true });
    expect(f.matches).toBe(6);
    expect(f.expanded.sort()).toEqual(['a', 'root']);
  });

  it('hides closed departments when asked', () => {
    const f = filterTree(roots, { q: '', kind: 'ALL', showClosed: false });
    expect(f.matches).toBe(5);
    expect(ids(f.nodes)).toEqual([['root', [['a', [['a1', ['a11']]]], 'u']]]);
  });

  it('keeps the ancestors of a match (not matching themselves) and expands them', () => {
    const f = filterTree(roots, { q: '档案', kind: 'ALL', showClosed: true });
    expect(f.matches).toBe(1);
    expect(ids(f.nodes)).toEqual([['root', [['a', [['a1', ['a11']]]]]]]);
    expect(f.nodes[0].match).toBe(false);
    expect(f.nodes[0].children[0].children[0].children[0].match).toBe(true);
    expect(f.expanded.sort()).toEqual(['a', 'a1', 'root']);
  });

  it('matches codes case-insensitively and filters by kind', () => {
    expect(filterTree(roots, { q: 'ca1', kind: 'ALL', showClosed: true }).matches).toBe(2); // Ca1, Ca11
    const units = filterTree(roots, { q: '', kind: 'FRONTLINE', showClosed: true });
    expect(ids(units.nodes)).toEqual([['root', ['u']]]);
    expect(units.matches).toBe(1);
  });

  it('returns nothing when nothing matches', () => {
    const f = filterTree(roots, { q: '没有这个', kind: 'ALL', showClosed: true });
    expect(f.nodes).toEqual([]);
    expect(f.matches).toBe(0);
  });
});

describe('rights', () => {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const admin = { role: 'ADMIN', departmentId: null };
  const leader = { role: 'LEADER', departmentId: 'a' };
  it('lets ADMIN do everything but move, merge or close the agency itself', () => {
    expect([...rights(admin, byId.get('a1')!, roots)].sort()).toEqual(['close', 'create', 'merge', 'move', 'update']);
    expect([...rights(admin, byId.get('root')!, roots)].sort()).toEqual(['create', 'update']);
  });
  it('lets nobody change a closed department', () => {
    expect(rights(admin, byId.get('b')!, roots).size).toBe(0);
  });
  it('lets a LEADER create within their subtree and edit below their own department', () => {
    expect([...rights(leader, byId.get('a')!, roots)]).toEqual(['create']);
    expect([...rights(leader, byId.get('a1')!, roots)].sort()).toEqual(['create', 'update']);
    expect(rights(leader, byId.get('u')!, roots).size).toBe(0);
    expect(rights({ role: 'STAFF', departmentId: 'a' }, byId.get('a1')!, roots).size).toBe(0);
  });
});

describe('pickers', () => {
  it('subtreeIds lists a department and all below it', () => {
    expect([...subtreeIds(roots, 'a')].sort()).toEqual(['a', 'a1', 'a11']);
    expect(subtreeIds(roots, 'nope').size).toBe(0);
  });

  it('offers as successor only open departments of the same kind outside the subtree', () => {
    const a1 = rows.find((r) => r.id === 'a1')!;
    expect(successorCandidates(rows, roots, a1).map((r) => r.id).sort()).toEqual(['a', 'root']);
    const a = rows.find((r) => r.id === 'a')!;
    expect(successorCandidates(rows, roots, a).map((r) => r.id)).toEqual(['root']);
  });

  it('pickerTree leaves closed departments out and disables those not allowed but leading to one', () => {
    const p = pickerTree(roots, (r) => r.id === 'a11');
    expect(p).toHaveLength(1);
    expect(p[0].disabled).toBe(true);
    expect(p[0].children?.map((c) => c.value)).toEqual(['a']);
    expect(p[0].children?.[0].children?.[0].children?.[0]).toMatchObject({ value: 'a11', title: '档案室（Ca11）' });
    expect(JSON.stringify(pickerTree(roots))).not.toContain('"b"');
  });
});

describe('movingCounts and formField', () => {
  it('lists only what moves, in order', () => {
    const c = { openTasks: 3, openRequests: 0, coHandledTasks: 0, activeStaff: 7, secondedStaff: 0, accounts: 2, children: 0, responsibilityItems: 0, pendingVisits: 0, openRectifications: 1, openComplaints: 0 } as DeptChange;
    expect(movingCounts(c)).toEqual([
      { key: 'openTasks', n: 3 },
      { key: 'activeStaff', n: 7 },
      { key: 'accounts', n: 2 },
      { key: 'openRectifications', n: 1 },
    ]);
  });
  it('maps the server field to the form field', () => {
    expect(formField('input.name')).toBe('name');
    expect(formField('parent')).toBe('parent');
    expect(formField(undefined)).toBeUndefined();
  });
});
