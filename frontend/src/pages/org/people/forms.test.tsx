import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockClient, renderWith } from '../../../test/utils';
import LeaveForm from './LeaveForm';
import StaffForm from './StaffForm';
import type { LeaveRowFragment, StaffRowFragment } from '../../../graphql/graphql';

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

const leave: LeaveRowFragment = {
  id: '77',
  kind: 'LEAVE',
  firstDay: '2026-12-01',
  lastDay: '2026-12-03',
  note: '年休假',
  staff: { id: '5', name: '周敏', employeeNo: 'E9001', department: { id: '2', name: '办公室' } },
};

const staff: StaffRowFragment = {
  id: '5',
  name: '周敏',
  employeeNo: 'E9001',
  position: '科员',
  rank: '',
  weeklyCapacityHours: 40,
  active: true,
  department: { id: '2', name: '办公室' },
  mentor: { id: '6', name: '李强', employeeNo: 'E9002' },
  secondedTo: null,
  secondmentFrom: null,
  secondmentTo: null,
};

describe('LeaveForm', () => {
  it('shows the server’s overlap CONFLICT on the first day and stays open', async () => {
    const { client, calls } = mockClient((c) =>
      c.query.includes('query PeopleDepartments')
        ? departments
        : c.query.includes('mutation UpdateStaffLeave')
        ? {
            data: null,
            errors: [
              {
                message: '周敏 在 2026-11-30 至 2026-12-02 已有请假或出差记录 / 周敏 is already away from 2026-11-30 to 2026-12-02',
                path: ['updateLeave'],
                extensions: { code: 'CONFLICT', field: 'firstDay' },
              },
            ],
          }
        : { data: {} },
    );
    const onClose = vi.fn();
    renderWith(<LeaveForm leave={leave} onClose={onClose} />, { client });
    expect(await screen.findByTestId('leave-days')).toHaveTextContent('共 3 天');
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    const first = (await screen.findByText(/已有请假或出差记录/)).closest('.ant-form-item');
    expect(first).toHaveTextContent('第一天');
    const call = calls.find((c) => c.query.includes('mutation UpdateStaffLeave'))!;
    expect(call.variables).toEqual({ id: '77', input: { kind: 'LEAVE', firstDay: '2026-12-01', lastDay: '2026-12-03', note: '年休假' } });
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe('StaffForm', () => {
  it('sends the whole change and shows a taken employee number on its field', async () => {
    const { client, calls } = mockClient((c) => {
      if (c.query.includes('query PeopleDepartments')) return departments;
      if (c.query.includes('mutation UpdateStaffMember'))
        return {
          data: null,
          errors: [{ message: '工号 E9003 已被使用 / the employee number E9003 is taken', path: ['updateStaff'], extensions: { code: 'CONFLICT', field: 'employeeNo' } }],
        };
      return { data: {} };
    });
    const onClose = vi.fn();
    renderWith(<StaffForm staff={staff} onClose={onClose} />, { client });
    const no = await screen.findByTestId('staff-employee-no');
    fireEvent.change(no, { target: { value: 'E9003' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    const item = (await screen.findByText(/工号 E9003 已被使用/)).closest('.ant-form-item');
    expect(within(item as HTMLElement).getByTestId('staff-employee-no')).toBeInTheDocument();
    const call = calls.find((c) => c.query.includes('mutation UpdateStaffMember'))!;
    expect(call.variables).toMatchObject({ id: '5', input: { employeeNo: 'E9003', department: '2', weeklyCapacityHours: 40, active: true, mentor: '6' } });
    expect('secondment' in (call.variables.input as object)).toBe(false);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('refuses a capacity outside 0–80 before asking the server', async () => {
    const { client, calls } = mockClient((c) => (c.query.includes('query PeopleDepartments') ? departments : { data: {} }));
    renderWith(<StaffForm staff={{ ...staff, weeklyCapacityHours: 90 }} onClose={vi.fn()} />, { client });
    await screen.findByTestId('staff-capacity');
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('每周工时应在 0 到 80 小时之间')).toBeInTheDocument();
    await waitFor(() => expect(calls.some((c) => c.query.includes('mutation'))).toBe(false));
  });
});
