import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockClient, renderWith } from '../../test/utils';
import StaffTab from './StaffTab';
import LeaveTab from './LeaveTab';

const departments = {
  data: {
    departments: {
      totalCount: 2,
      edges: [
        { node: { id: '1', name: '某机关', kind: 'AGENCY', parentID: null, sortOrder: 0 } },
        { node: { id: '2', name: '办公室', kind: 'AGENCY', parentID: '1', sortOrder: 1 } },
      ],
    },
  },
};

function person(i: number, over: Record<string, unknown> = {}) {
  return {
    id: String(i),
    name: `干部${i}`,
    employeeNo: `E${i}`,
    position: '科员',
    rank: '一级科员',
    weeklyCapacityHours: 40,
    active: true,
    department: { id: '2', name: '办公室' },
    mentor: null,
    secondedTo: null,
    secondmentFrom: null,
    secondmentTo: null,
    ...over,
  };
}

function staffConn(nodes: ReturnType<typeof person>[], totalCount = nodes.length) {
  return {
    data: {
      staffMembers: {
        totalCount,
        pageInfo: { hasNextPage: totalCount > nodes.length, endCursor: nodes.length ? 'c-end' : null },
        edges: nodes.map((n) => ({ cursor: `c${n.id}`, node: n })),
      },
    },
  };
}

describe('StaffTab', () => {
  it('lists a page of staff with the secondment days in Asia/Shanghai, and searches by name or number', async () => {
    const seconded = person(2, {
      secondedTo: { id: '1', name: '某机关' },
      secondmentFrom: '2026-02-28T16:00:00Z',
      secondmentTo: '2026-09-01T00:00:00+08:00',
      weeklyCapacityHours: 0,
    });
    const { client, calls } = mockClient((c) => (c.query.includes('query PeopleDepartments') ? departments : staffConn([person(1), seconded], 45)));
    renderWith(<StaffTab />, { client });
    expect(await screen.findByText('干部1')).toBeInTheDocument();
    expect(screen.getByText('2026-03-01 ~ 2026-08-31')).toBeInTheDocument();
    expect(screen.getByText('不计入')).toBeInTheDocument();
    expect(screen.getByTestId('pager-total')).toHaveTextContent('45');
    const first = calls.find((c) => c.query.includes('query StaffList'))!;
    expect(first.variables).toMatchObject({ first: 20, where: { active: true } });

    const search = screen.getByTestId('staff-search').querySelector('input')!;
    fireEvent.change(search, { target: { value: 'E9' } });
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => {
      const last = calls.filter((c) => c.query.includes('query StaffList')).at(-1)!;
      expect(last.variables.where).toEqual({ or: [{ nameContains: 'E9' }, { employeeNoContains: 'E9' }], active: true });
    });
  });

  it('says what to do when there is nobody yet', async () => {
    const { client } = mockClient((c) => (c.query.includes('query PeopleDepartments') ? departments : staffConn([])));
    renderWith(<StaffTab />, { client });
    expect(await screen.findByText('还没有干部')).toBeInTheDocument();
  });

  it('shows the error with a retry when the list fails', async () => {
    const { client } = mockClient((c) =>
      c.query.includes('query PeopleDepartments') ? departments : { data: null, errors: [{ message: 'boom', extensions: { code: 'INTERNAL' } }] },
    );
    renderWith(<StaffTab />, { client });
    expect(await screen.findByTestId('error-message')).toHaveTextContent('服务器内部错误');
  });
});

describe('LeaveTab', () => {
  it('lists absences with their days, and deletes one only after confirming', async () => {
    const leaves = {
      data: {
        staffLeaves: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: 'c1' },
          edges: [
            {
              cursor: 'c1',
              node: { id: '9', kind: 'TRIP', firstDay: '2026-12-30', lastDay: '2027-01-02', note: '赴省厅学习', staff: { id: '5', name: '周敏', employeeNo: 'E9001', department: { id: '2', name: '办公室' } } },
            },
          ],
        },
      },
    };
    const { client, calls } = mockClient((c) => {
      if (c.query.includes('query PeopleDepartments')) return departments;
      if (c.query.includes('mutation DeleteStaffLeave')) return { data: { deleteLeave: '9' } };
      return leaves;
    });
    renderWith(<LeaveTab />, { client });
    const row = (await screen.findByText('赴省厅学习')).closest('tr')!;
    expect(row).toHaveTextContent('4');
    expect(row).toHaveTextContent('出差');
    fireEvent.click(screen.getByTestId('leave-delete'));
    expect(await screen.findByText(/将删除 周敏 2026-12-30 至 2027-01-02 的记录/)).toBeInTheDocument();
    expect(calls.some((c) => c.query.includes('mutation DeleteStaffLeave'))).toBe(false);
    const pop = document.querySelector('.ant-popconfirm') as HTMLElement;
    fireEvent.click(within(pop).getByRole('button', { name: /删\s*除/ }));
    await waitFor(() => expect(calls.find((c) => c.query.includes('mutation DeleteStaffLeave'))?.variables).toEqual({ id: '9' }));
  });
});
