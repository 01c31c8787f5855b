import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import TaskDetailPage from './TaskDetailPage';
import { mockClient, renderWith } from '../../test/utils';
import { workingDaysText } from './workdays';
import i18n from '../../i18n';

const task = {
  __typename: 'Task',
  id: '55',
  title: '落水管维修',
  description: '东侧落水管破裂',
  kind: 'REPAIR',
  status: 'ACCEPTED',
  priority: 'HIGH',
  startAt: '2026-11-20T00:00:00Z',
  dueAt: '2026-12-01T16:00:00Z',
  completedAt: null,
  createdAt: '2026-11-20T00:00:00Z',
  costEstimate: null,
  costActual: null,
  cancelReason: null,
  overdue: false,
  workingDaysLeft: 3,
  leadReceivedAt: '2026-11-20T00:00:00Z',
  leadDepartment: { id: 'd1', name: '后勤服务中心' },
  coDepartments: [{ id: 'd2', name: '安全环保部' }],
  requestingUnit: { id: 'u1', name: '第一车间' },
  firstResponder: { id: 's9', name: '王首问', position: '科员', department: { id: 'd1', name: '后勤服务中心' } },
  createdBy: { id: 's9', name: '王首问' },
  responsibilityItem: null,
  assignments: [{ id: 'a1', hours: 8, actualHours: 2, staff: { id: 's1', name: '张三', position: '科员' } }],
  timeline: [
    { id: 'e1', type: 'CREATED', at: '2026-11-20T00:00:00Z', reason: '', fromStatus: '', toStatus: '', pingPong: false, late: false, actor: { id: 's9', name: '王首问' }, fromDepartment: null, toDepartment: null },
    { id: 'e2', type: 'TRANSFERRED', at: '2026-11-21T00:00:00Z', reason: '属后勤职责', fromStatus: '', toStatus: '', pingPong: true, late: true, actor: { id: 's9', name: '王首问' }, fromDepartment: { id: 'd3', name: '办公室' }, toDepartment: { id: 'd1', name: '后勤服务中心' } },
  ],
};

describe('TaskDetailPage', () => {
  it('shows the first responder, the working days left and the timeline with its flags', async () => {
    const { client } = mockClient(() => ({ data: { node: task } }));
    renderWith(<TaskDetailPage />, { client, path: '/tasks/:id', initial: '/tasks/55' });
    expect(await screen.findByTestId('task-title')).toHaveTextContent('落水管维修');
    expect(screen.getByTestId('task-first-responder')).toHaveTextContent('王首问');
    expect(screen.getByTestId('task-days-left')).toHaveTextContent('剩余 3 个工作日');
    const timeline = screen.getByTestId('task-timeline');
    expect(within(timeline).getByText('来回推')).toBeInTheDocument();
    expect(within(timeline).getByText('迟转')).toBeInTheDocument();
    expect(within(timeline).getByText(/属后勤职责/)).toBeInTheDocument();
  });

  it('refuses a transfer without a reason before asking the server', async () => {
    const { client, calls } = mockClient(() => ({ data: { node: task, departments: { totalCount: 0, edges: [] } } }));
    renderWith(<TaskDetailPage />, { client, path: '/tasks/:id', initial: '/tasks/55' });
    await userEvent.click(await screen.findByTestId('action-transfer'));
    await userEvent.click(await screen.findByRole('button', { name: /确认转办/ }));
    expect(await screen.findByText('转办理由不能为空')).toBeInTheDocument();
    expect(screen.getByText('请选择接收部门')).toBeInTheDocument();
    expect(calls.some((c) => c.query.includes('mutation TransferTask'))).toBe(false);
  });
});

describe('workingDaysText', () => {
  it('words the deadline', () => {
    const t = i18n.t.bind(i18n);
    expect(workingDaysText(t, 2)).toBe('剩余 2 个工作日');
    expect(workingDaysText(t, 0)).toBe('今日到期');
    expect(workingDaysText(t, -4)).toBe('已逾期 4 个工作日');
    expect(workingDaysText(t, null)).toBeNull();
  });
});
