import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import TasksPage from './TasksPage';
import { isOverdue } from './TaskTable';
import { mockClient, renderWith } from '../../test/utils';

function task(i: number, over: Record<string, unknown> = {}) {
  return {
    id: String(1000 + i),
    title: `任务 ${i}`,
    kind: 'ROUTINE',
    status: 'IN_PROGRESS',
    priority: 'NORMAL',
    startAt: '2026-01-01T00:00:00Z',
    dueAt: '2099-01-0' + ((i % 9) + 1) + 'T00:00:00Z',
    completedAt: null,
    leadDepartment: { id: '1', name: '办公室' },
    coDepartments: [],
    assignments: [{ id: `a${i}`, hours: 8, actualHours: null, staff: { id: 's1', name: '张三' } }],
    firstResponder: null,
    ...over,
  };
}

const departments = {
  data: {
    departments: {
      totalCount: 2,
      edges: [
        { node: { id: '1', name: '某机关', code: 'A', kind: 'AGENCY', parentID: null, sortOrder: 0, visitQuotaPerYear: 0 } },
        { node: { id: '2', name: '办公室', code: 'B', kind: 'AGENCY', parentID: '1', sortOrder: 1, visitQuotaPerYear: 4 } },
      ],
    },
  },
};

/** Answers the department list, and `tasks` for everything else. */
function respond(tasks: unknown) {
  return (call: { query: string }) => (call.query.includes('query OrgDepartments') ? departments : tasks);
}

function connection(nodes: ReturnType<typeof task>[], totalCount = nodes.length) {
  return {
    data: {
      tasks: {
        totalCount,
        pageInfo: {
          hasNextPage: totalCount > nodes.length,
          endCursor: nodes.length ? 'c-end' : null,
          hasPreviousPage: false,
          startCursor: nodes.length ? 'c-start' : null,
        },
        edges: nodes.map((n) => ({ cursor: `c${n.id}`, node: n })),
      },
    },
  };
}

describe('TasksPage', () => {
  it('renders rows from the tasks connection, with overdue and hours', async () => {
    const rows = [
      task(1, { title: '落水管维修', kind: 'REPAIR', dueAt: '2020-01-01T00:00:00Z', status: 'NEW' }),
      task(2, { title: '季度台账整理', kind: 'LEDGER', status: 'DONE', dueAt: '2020-01-01T00:00:00Z' }),
      task(3),
    ];
    const { client, calls } = mockClient(respond(connection(rows, 45)));
    renderWith(<TasksPage />, { client, path: '/tasks' });

    expect(await screen.findByText('落水管维修')).toBeInTheDocument();
    const body = document.querySelector('.ant-table-tbody') as HTMLElement;
    const trs = body.querySelectorAll('tr.ant-table-row');
    expect(trs).toHaveLength(3);

    const first = within(trs[0] as HTMLElement);
    expect(first.getByText('维修')).toBeInTheDocument();
    expect(first.getByText('新建')).toBeInTheDocument();
    expect(first.getByText('办公室')).toBeInTheDocument();
    expect(first.getByText('张三 8小时')).toBeInTheDocument();
    expect(first.getByText('逾期')).toBeInTheDocument();
    // done work is never overdue
    expect(within(trs[1] as HTMLElement).queryByText('逾期')).toBeNull();
    expect(within(trs[1] as HTMLElement).getByText('已办结')).toBeInTheDocument();

    expect(screen.getByTestId('tasks-total')).toHaveTextContent('共 45 项');
    expect(screen.getByText('第 1 / 3 页')).toBeInTheDocument();

    const taskCall = calls.find((c) => c.query.includes('query Tasks'))!;
    expect(taskCall.query).toContain('orderBy: {field: DUE_AT, direction: ASC}');
    expect(taskCall.variables).toMatchObject({ first: 20 });
  });

  it('shows a designed empty state', async () => {
    const { client } = mockClient(respond(connection([], 0)));
    renderWith(<TasksPage />, { client, path: '/tasks' });
    expect(await screen.findByText('暂无工作任务')).toBeInTheDocument();
    expect(screen.getByText(/当前条件下没有找到工作任务/)).toBeInTheDocument();
  });

  it('shows the error by code', async () => {
    const { client } = mockClient(
      respond({
        data: null,
        errors: [{ message: 'nope', extensions: { code: 'FORBIDDEN' } }],
      }),
    );
    renderWith(<TasksPage />, { client, path: '/tasks' });
    expect(await screen.findByTestId('error-message')).toHaveTextContent('您没有权限执行此操作。');
    expect(screen.getByRole('button', { name: /重\s*试/ })).toBeInTheDocument();
  });
});

describe('isOverdue', () => {
  const now = Date.parse('2026-03-01T00:00:00Z');
  it('is true only for open work past its deadline', () => {
    expect(isOverdue({ status: 'IN_PROGRESS', dueAt: '2026-02-01T00:00:00Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'NEW', dueAt: '2026-04-01T00:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'DONE', dueAt: '2026-02-01T00:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'CANCELLED', dueAt: '2026-02-01T00:00:00Z' }, now)).toBe(false);
  });
});
