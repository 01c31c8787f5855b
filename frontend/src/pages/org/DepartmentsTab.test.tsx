import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import DepartmentsTab from './DepartmentsTab';
import { mockClient, renderWith, type GraphQLCall } from '../../test/utils';
import { __resetAuthForTests, setSession } from '../../auth/store';

function dept(id: string, name: string, parentID: string | null, over: Record<string, unknown> = {}) {
  return { id, name, code: `C${id}`, kind: 'AGENCY', parentID, sortOrder: Number(id), visitQuotaPerYear: 0, closedAt: null, successor: null, ...over };
}
const ALL = [
  dept('1', '某机关', null),
  dept('2', '办公室', '1', { visitQuotaPerYear: 18 }),
  dept('3', '文书科', '2'),
  dept('4', '旧科室', '1', { closedAt: '2026-11-30T02:00:00Z', successor: { id: '2', name: '办公室' } }),
  dept('5', '第一车间', '1', { kind: 'FRONTLINE' }),
  dept('6', '信息中心', '1'),
];

function page(nodes: typeof ALL, next: boolean) {
  return {
    data: {
      departments: {
        totalCount: ALL.length,
        pageInfo: { hasNextPage: next, endCursor: next ? 'p1' : 'p2' },
        edges: nodes.map((node) => ({ node })),
      },
    },
  };
}

function change(over: Record<string, unknown> = {}) {
  return {
    action: 'CLOSE',
    department: { id: '2', name: '办公室' },
    target: null,
    openTasks: 4,
    openRequests: 0,
    coHandledTasks: 1,
    activeStaff: 7,
    secondedStaff: 0,
    accounts: 5,
    children: 0,
    responsibilityItems: 3,
    pendingVisits: 0,
    openRectifications: 0,
    openComplaints: 0,
    defaultReceiving: true,
    inactiveStaff: 2,
    problems: [],
    ...over,
  };
}

type Handler = (call: GraphQLCall) => unknown;
/** Answers the tree in two pages and the counts; `more` answers the rest. */
function server(more: Handler = () => ({ data: null })) {
  return (call: GraphQLCall) => {
    if (call.query.includes('query OrgDeptTree')) return call.variables.after ? page(ALL.slice(3), false) : page(ALL.slice(0, 3), true);
    if (call.query.includes('query OrgDeptCounts')) return { data: { staffMembers: { totalCount: 7 }, tasks: { totalCount: 4 } } };
    return more(call);
  };
}

function login(role: string, department: { id: string; name: string } | null = null) {
  setSession({
    accessToken: 'x',
    refreshToken: 'y',
    expiresAt: '2099-01-01T00:00:00Z',
    viewer: { role, scopes: [], department, account: { id: 'a1', login: role.toLowerCase() }, staff: null },
  } as never);
}

async function pick(testId: string, title: RegExp) {
  const select = screen.getByTestId(testId).closest('.ant-select') as HTMLElement;
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  const option = await waitFor(() => {
    const found = [...document.querySelectorAll('.ant-select-tree-node-content-wrapper')].find((e) => title.test(e.textContent ?? ''));
    if (!found) throw new Error(`no option ${title}`);
    return found as HTMLElement;
  });
  fireEvent.click(option);
}

afterEach(() => __resetAuthForTests());

describe('DepartmentsTab', () => {
  it('builds the tree from every page, marks closed ones and shows the selected one', async () => {
    login('ADMIN');
    const { client, calls } = mockClient(server());
    renderWith(<DepartmentsTab />, { client, path: '/org' });
    const tree = await screen.findByTestId('dept-tree');
    expect(await within(tree).findByText('信息中心')).toBeInTheDocument(); // from the second page
    expect(calls.filter((c) => c.query.includes('query OrgDeptTree')).map((c) => c.variables.after ?? null)).toEqual([null, 'p1']);
    const closed = within(tree).getByText('旧科室').closest('[data-testid="dept-node"]') as HTMLElement;
    expect(within(closed).getByText('已撤销')).toBeInTheDocument();
    expect(within(tree).getByText('第一车间').closest('[data-testid="dept-node"]')).toHaveTextContent('一线单位');

    fireEvent.click(within(tree).getByText('办公室'));
    const detail = screen.getByTestId('dept-detail');
    await waitFor(() => expect(within(detail).getByTestId('dept-detail-name')).toHaveTextContent('办公室'));
    expect(within(detail).getByTestId('dept-detail-code')).toHaveTextContent('C2');
    expect(await within(detail).findByText('7')).toBeInTheDocument();
    expect(within(detail).getByTestId('dept-detail-parent')).toHaveTextContent('某机关');

    // Hiding closed departments and searching.
    fireEvent.click(screen.getByRole('checkbox', { name: '显示已撤销' }));
    await waitFor(() => expect(within(tree).queryByText('旧科室')).not.toBeInTheDocument());
    const search = screen.getByPlaceholderText('搜索名称或编码');
    fireEvent.change(search, { target: { value: '文书' } });
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(within(tree).queryByText('信息中心')).not.toBeInTheDocument());
    expect(within(tree).getByText('文书科')).toBeInTheDocument();
    expect(within(tree).getByText('办公室')).toBeInTheDocument(); // the way to it
  });

  it('closing: says what moves, waits for a successor the preview asks for, then closes and reloads', async () => {
    login('ADMIN');
    const { client, calls } = mockClient(
      server((call) => {
        if (call.query.includes('query OrgDeptClosePreview'))
          return call.variables.successor
            ? { data: { departmentClosePreview: change({ target: { id: '6', name: '信息中心' } }) } }
            : {
                data: {
                  departmentClosePreview: change({
                    problems: [{ code: 'SUCCESSOR_REQUIRED', message: '办公室 还有人员或未办结工作，请指定接替部门 / name a successor' }],
                  }),
                },
              };
        if (call.query.includes('mutation OrgDeptClose'))
          return { data: { closeDepartment: change({ target: { id: '6', name: '信息中心' } }) } };
        return { data: null };
      }),
    );
    renderWith(<DepartmentsTab />, { client, path: '/org' });
    fireEvent.click(await within(await screen.findByTestId('dept-tree')).findByText('办公室'));
    await waitFor(() => expect(screen.getByTestId('dept-detail-name')).toHaveTextContent('办公室'));
    fireEvent.click(screen.getByTestId('dept-close'));

    const summary = await screen.findByTestId('dept-change-summary');
    expect(within(summary).getByText('办公室 还有人员或未办结工作，请指定接替部门')).toBeInTheDocument();
    expect(within(summary).getByText('在岗人员 7 人')).toBeInTheDocument();
    expect(within(summary).getByText('“默认受理部门”设置改为接替部门')).toBeInTheDocument();
    expect(screen.getByTestId('dept-change-ok')).toBeDisabled();

    await pick('dept-change-target', /信息中心/);
    await waitFor(() => expect(screen.getByTestId('dept-change-ok')).toBeEnabled());
    expect(screen.getByText('将转入「信息中心」的内容')).toBeInTheDocument();
    const loads = calls.filter((c) => c.query.includes('query OrgDeptTree')).length;
    fireEvent.click(screen.getByTestId('dept-change-ok'));
    await waitFor(() => expect(calls.some((c) => c.query.includes('mutation OrgDeptClose'))).toBe(true));
    const sent = calls.find((c) => c.query.includes('mutation OrgDeptClose'))!;
    expect(sent.variables).toEqual({ id: '2', successor: '6' });
    await waitFor(() => expect(calls.filter((c) => c.query.includes('query OrgDeptTree')).length).toBeGreaterThan(loads));
  });

  it('moving: the server refusing a cycle is shown on the parent field', async () => {
    login('ADMIN');
    const { client } = mockClient(
      server((call) =>
        call.query.includes('mutation OrgDeptMove')
          ? {
              errors: [
                {
                  message: '文书科 是 办公室 本身或其下级，移动会形成循环 / a cycle',
                  path: ['moveDepartment'],
                  extensions: { code: 'BAD_USER_INPUT', field: 'parent' },
                },
              ],
              data: null,
            }
          : { data: null },
      ),
    );
    renderWith(<DepartmentsTab />, { client, path: '/org' });
    fireEvent.click(await within(await screen.findByTestId('dept-tree')).findByText('办公室'));
    await waitFor(() => expect(screen.getByTestId('dept-detail-name')).toHaveTextContent('办公室'));
    fireEvent.click(screen.getByTestId('dept-move'));
    await pick('dept-move-parent', /文书科/);
    fireEvent.click(screen.getByTestId('dept-move-ok'));
    const err = await screen.findByText('文书科 是 办公室 本身或其下级，移动会形成循环');
    expect(err.closest('.ant-form-item')).toHaveTextContent('新的上级部门');
  });

  it('a LEADER may add and edit within their subtree only; moving, merging and closing are not offered', async () => {
    login('LEADER', { id: '2', name: '办公室' });
    const { client } = mockClient(server());
    renderWith(<DepartmentsTab />, { client, path: '/org' });
    const tree = await screen.findByTestId('dept-tree');
    fireEvent.click(await within(tree).findByText('办公室'));
    await waitFor(() => expect(screen.getByTestId('dept-detail-name')).toHaveTextContent('办公室'));
    expect(screen.queryByTestId('dept-move')).not.toBeInTheDocument();
    expect(screen.queryByTestId('dept-close')).not.toBeInTheDocument();
    expect(screen.getByTestId('dept-create')).toBeEnabled();
    expect(screen.getByTestId('dept-edit')).toBeDisabled(); // their own: the level above edits it
    fireEvent.click(within(tree).getByText('文书科'));
    await waitFor(() => expect(screen.getByTestId('dept-edit')).toBeEnabled());
    fireEvent.click(within(tree).getByText('信息中心'));
    await waitFor(() => expect(screen.getByTestId('dept-create')).toBeDisabled());
  });

  it('creating: sends the form and shows a taken code on the code field', async () => {
    login('ADMIN');
    const { client, calls } = mockClient(
      server((call) =>
        call.query.includes('mutation OrgDeptCreate')
          ? {
              errors: [{ message: '编码 C6 已被使用 / code C6 is taken', extensions: { code: 'CONFLICT', field: 'input.code' } }],
              data: null,
            }
          : { data: null },
      ),
    );
    renderWith(<DepartmentsTab />, { client, path: '/org' });
    fireEvent.click(await within(await screen.findByTestId('dept-tree')).findByText('办公室'));
    await waitFor(() => expect(screen.getByTestId('dept-detail-name')).toHaveTextContent('办公室'));
    fireEvent.click(screen.getByTestId('dept-create'));
    const user = userEvent.setup();
    await user.type(await screen.findByTestId('dept-form-name'), '档案室');
    await user.type(screen.getByTestId('dept-form-code'), 'C6');
    fireEvent.click(screen.getByTestId('dept-form-ok'));
    const err = await screen.findByText('编码 C6 已被使用');
    expect(err.closest('.ant-form-item')).toHaveTextContent('编码');
    const sent = calls.find((c) => c.query.includes('mutation OrgDeptCreate'))!;
    expect(sent.variables.input).toEqual({ name: '档案室', code: 'C6', kind: 'AGENCY', parent: '2', sortOrder: 0, visitQuotaPerYear: 0 });
  });
});
