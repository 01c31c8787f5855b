import dayjs from 'dayjs';
import type { TaskKind, TaskStatus, TaskWhereInput } from '../../graphql/graphql';

export const STATUSES: TaskStatus[] = ['NEW', 'ACCEPTED', 'IN_PROGRESS', 'DONE', 'CANCELLED'];
export const KINDS: TaskKind[] = ['ROUTINE', 'PROJECT', 'RESEARCH', 'REPAIR', 'REQUEST', 'RECTIFICATION', 'MEETING', 'LEDGER'];

export type TaskView = 'all' | 'mine' | 'dept';
export type DeptRole = 'lead' | 'co' | 'any';

/** The task list's filters, as kept in the URL. */
export interface TaskFilters {
  view: TaskView;
  q: string;
  status: TaskStatus[];
  kind: TaskKind[];
  overdue: boolean;
  dept: string | null;
  deptRole: DeptRole;
  dueFrom: string | null; // YYYY-MM-DD
  dueTo: string | null; // YYYY-MM-DD, inclusive
}

const list = <T extends string>(v: string | null, allowed: readonly T[]): T[] =>
  (v ?? '')
    .split(',')
    .filter((x): x is T => (allowed as readonly string[]).includes(x));

export function readFilters(p: URLSearchParams): TaskFilters {
  const view = p.get('view');
  const deptRole = p.get('deptRole');
  return {
    view: view === 'mine' || view === 'dept' ? view : 'all',
    q: p.get('q') ?? '',
    status: list(p.get('status'), STATUSES),
    kind: list(p.get('kind'), KINDS),
    overdue: p.get('overdue') === '1',
    dept: p.get('dept') || null,
    deptRole: deptRole === 'co' || deptRole === 'any' ? deptRole : 'lead',
    dueFrom: p.get('dueFrom') || null,
    dueTo: p.get('dueTo') || null,
  };
}

export function writeFilters(f: TaskFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.view !== 'all') p.set('view', f.view);
  if (f.q) p.set('q', f.q);
  if (f.status.length) p.set('status', f.status.join(','));
  if (f.kind.length) p.set('kind', f.kind.join(','));
  if (f.overdue) p.set('overdue', '1');
  if (f.dept) p.set('dept', f.dept);
  if (f.dept && f.deptRole !== 'lead') p.set('deptRole', f.deptRole);
  if (f.dueFrom) p.set('dueFrom', f.dueFrom);
  if (f.dueTo) p.set('dueTo', f.dueTo);
  return p;
}

export function hasFilters(f: TaskFilters): boolean {
  return !!(f.q || f.status.length || f.kind.length || f.overdue || f.dept || f.dueFrom || f.dueTo);
}

interface Me {
  staffId?: string | null;
  departmentId?: string | null;
}

/** The connection's `where` for the filters (the same one the Excel export gets). */
export function taskWhere(f: TaskFilters, me: Me, now: Date = new Date()): TaskWhereInput | undefined {
  const and: TaskWhereInput[] = [];
  if (f.view === 'mine' && me.staffId) {
    and.push({ or: [{ hasAssignmentsWith: [{ staffID: me.staffId }] }, { firstResponderID: me.staffId }] });
  }
  if (f.view === 'dept' && me.departmentId) {
    and.push({ or: [{ leadDepartmentID: me.departmentId }, { hasCoDepartmentsWith: [{ id: me.departmentId }] }] });
  }
  if (f.q.trim()) and.push({ titleContains: f.q.trim() });
  if (f.status.length) and.push({ statusIn: f.status });
  if (f.kind.length) and.push({ kindIn: f.kind });
  if (f.overdue) and.push({ statusNotIn: ['DONE', 'CANCELLED'], dueAtLT: now.toISOString() });
  if (f.dept) {
    const lead: TaskWhereInput = { leadDepartmentID: f.dept };
    const co: TaskWhereInput = { hasCoDepartmentsWith: [{ id: f.dept }] };
    and.push(f.deptRole === 'lead' ? lead : f.deptRole === 'co' ? co : { or: [lead, co] });
  }
  if (f.dueFrom) and.push({ dueAtGTE: dayjs(f.dueFrom).startOf('day').toISOString() });
  if (f.dueTo) and.push({ dueAtLT: dayjs(f.dueTo).add(1, 'day').startOf('day').toISOString() });
  if (and.length === 0) return undefined;
  if (and.length === 1) return and[0];
  return { and };
}
