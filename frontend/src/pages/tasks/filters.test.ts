import { describe, expect, it } from 'vitest';
import { readFilters, taskWhere, writeFilters } from './filters';

const now = new Date('2026-11-27T08:00:00Z');
const me = { staffId: 's1', departmentId: 'd1' };

describe('task filters', () => {
  it('round-trip through the URL', () => {
    const f = readFilters(new URLSearchParams('view=mine&status=NEW,DONE,BOGUS&kind=MEETING&overdue=1&dept=7&deptRole=co&dueFrom=2026-11-01&dueTo=2026-11-30&q=台账'));
    expect(f).toMatchObject({ view: 'mine', status: ['NEW', 'DONE'], kind: ['MEETING'], overdue: true, dept: '7', deptRole: 'co', q: '台账' });
    expect(readFilters(writeFilters(f))).toEqual(f);
    expect(writeFilters(readFilters(new URLSearchParams())).toString()).toBe('');
  });

  it('no filter: no where', () => {
    expect(taskWhere(readFilters(new URLSearchParams()), me, now)).toBeUndefined();
  });

  it('my tasks: assigned to me or first asked', () => {
    expect(taskWhere(readFilters(new URLSearchParams('view=mine')), me, now)).toEqual({
      or: [{ hasAssignmentsWith: [{ staffID: 's1' }] }, { firstResponderID: 's1' }],
    });
  });

  it('overdue, department as lead or co, deadline range combine with and', () => {
    const w = taskWhere(readFilters(new URLSearchParams('view=dept&overdue=1&dept=7&deptRole=any&dueFrom=2026-11-01&dueTo=2026-11-30')), me, now);
    expect(w?.and).toHaveLength(5);
    expect(w?.and?.[0]).toEqual({ or: [{ leadDepartmentID: 'd1' }, { hasCoDepartmentsWith: [{ id: 'd1' }] }] });
    expect(w?.and?.[1]).toEqual({ statusNotIn: ['DONE', 'CANCELLED'], dueAtLT: now.toISOString() });
    expect(w?.and?.[2]).toEqual({ or: [{ leadDepartmentID: '7' }, { hasCoDepartmentsWith: [{ id: '7' }] }] });
    expect(Date.parse(w?.and?.[4].dueAtLT as string) - Date.parse(w?.and?.[3].dueAtGTE as string)).toBe(30 * 86400_000);
  });

  it('lead department only by default', () => {
    expect(taskWhere(readFilters(new URLSearchParams('dept=7')), me, now)).toEqual({ leadDepartmentID: '7' });
  });
});
