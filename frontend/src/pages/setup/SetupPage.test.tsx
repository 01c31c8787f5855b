import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import SetupPage from './SetupPage';
import SetupRedirect from './SetupRedirect';
import { SetupGapState } from './SetupGap';
import { mockClient, renderWith, type GraphQLCall } from '../../test/utils';
import { clearSession, setSession } from '../../auth/store';

type Status = {
  root: { id: string; name: string; code: string } | null;
  agencyDepartments: number;
  frontlineUnits: number;
  activeStaff: number;
  accounts: number;
  calendarYears: number[];
};

/** A fake server holding the setup status, the departments below the agency and the calls made. */
function fakeServer(initial: Partial<Status> = {}) {
  const status: Status = { root: null, agencyDepartments: 0, frontlineUnits: 0, activeStaff: 0, accounts: 1, calendarYears: [], ...initial };
  const depts: { id: string; name: string; code: string; kind: string }[] = [];
  const respond = (call: GraphQLCall) => {
    const q = call.query;
    if (q.includes('query SetupStatus')) return { data: { setupStatus: { __typename: 'SetupStatus', ...status } } };
    if (q.includes('mutation SetupAgency')) {
      const input = call.variables.input as { name: string; code?: string };
      status.root = { id: '100', name: input.name, code: input.code ?? 'ROOT' };
      return { data: { setupAgency: { __typename: 'Department', ...status.root } } };
    }
    if (q.includes('query SetupDepartments')) {
      return { data: { departments: { __typename: 'DepartmentConnection', totalCount: depts.length, edges: depts.map((node) => ({ node: { __typename: 'Department', ...node } })) } } };
    }
    if (q.includes('mutation SetupCreateDepartment')) {
      const input = call.variables.input as { name: string; code: string; kind: string; parent: string };
      if (input.code === 'TAKEN') {
        return { data: null, errors: [{ message: '编码已被使用 / the code is taken', extensions: { code: 'CONFLICT', field: 'input.code' } }] };
      }
      const d = { id: String(200 + depts.length), name: input.name, code: input.code, kind: input.kind };
      depts.push(d);
      status.agencyDepartments++;
      return { data: { createDepartment: { __typename: 'Department', ...d } } };
    }
    if (q.includes('query StaffSearch')) {
      return {
        data: {
          staffMembers: {
            totalCount: 1,
            edges: [{ node: { __typename: 'Staff', id: 's1', name: '刘洋', position: null, department: { __typename: 'Department', id: '200', name: '办公室' } } }],
          },
        },
      };
    }
    if (q.includes('mutation SetupCreateAccounts')) {
      const inputs = call.variables.inputs as { login: string; role: string; staff?: string }[];
      status.accounts += inputs.length;
      return {
        data: {
          createAccounts: inputs.map((a, i) => ({
            __typename: 'CreatedAccount',
            initialPassword: `one-time-${i}`,
            account: { __typename: 'Account', id: `a${i}`, login: a.login, role: a.role, staff: a.staff ? { __typename: 'Staff', id: a.staff, name: '刘洋' } : null },
          })),
        },
      };
    }
    if (q.includes('mutation ImportWorkCalendar')) {
      status.calendarYears = [...status.calendarYears, 2026];
      return { data: { importWorkCalendar: { __typename: 'WorkCalendarUpdate', inserted: 33, updated: 0, removed: 0, unchanged: 0 } } };
    }
    return { data: null, errors: [{ message: `unexpected ${q.slice(0, 40)}`, extensions: { code: 'INTERNAL' } }] };
  };
  return { status, depts, ...mockClient(respond) };
}

function signIn(role: 'ADMIN' | 'LEADER' | 'STAFF' | 'FRONTLINE') {
  setSession({
    accessToken: 'tok',
    refreshToken: 'ref',
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    viewer: { role, scopes: [], department: null, account: { id: '1', login: 'admin' }, staff: null },
  } as unknown as Parameters<typeof setSession>[0]);
}

describe('SetupPage', () => {
  it('walks an empty agency through the agency name and its first department, saving as it goes', async () => {
    const { client, calls, depts } = fakeServer();
    renderWith(<SetupPage />, { client, path: '/setup' });

    // Nothing is set up: the wizard opens at the agency's name.
    await screen.findByTestId('setup-step-agency');
    fireEvent.change(screen.getByTestId('setup-agency-name'), { target: { value: '  某市城市管理局 ' } });
    fireEvent.click(screen.getByTestId('setup-agency-save'));

    await screen.findByTestId('setup-step-departments');
    const agencyCall = calls.find((c) => c.query.includes('mutation SetupAgency'))!;
    expect(agencyCall.variables).toEqual({ input: { name: '某市城市管理局' } });
    expect(await screen.findByText('某市城市管理局 的组织机构')).toBeInTheDocument();

    // A code the server refuses is shown on the field; nothing is added.
    fireEvent.change(screen.getByTestId('setup-dept-name'), { target: { value: '办公室' } });
    fireEvent.change(screen.getByTestId('setup-dept-code'), { target: { value: 'TAKEN' } });
    fireEvent.click(screen.getByTestId('setup-dept-add'));
    expect(await screen.findByText('编码已被使用')).toBeInTheDocument();
    expect(depts).toHaveLength(0);

    fireEvent.change(screen.getByTestId('setup-dept-code'), { target: { value: 'AG01' } });
    fireEvent.click(screen.getByTestId('setup-dept-add'));
    const list = await screen.findByTestId('setup-dept-list');
    expect(list).toHaveTextContent('办公室');
    expect(list).toHaveTextContent('AG01');
    const created = calls.filter((c) => c.query.includes('mutation SetupCreateDepartment')).at(-1)!;
    expect(created.variables).toEqual({ input: { name: '办公室', code: 'AG01', kind: 'AGENCY', parent: '100' } });
  });

  it('resumes at the calendar, offers the bundled year and links the next year to the import page', async () => {
    const year = new Date().getFullYear();
    const { client } = fakeServer({ root: { id: '100', name: '某局', code: 'ROOT' }, agencyDepartments: 2 });
    renderWith(<SetupPage />, { client, path: '/setup', routes: { '/imports': <div data-testid="imports-page">{'imports'}</div> } });
    await screen.findByTestId('setup-step-calendar');
    expect(screen.getByTestId(`setup-calendar-${year}`)).toHaveTextContent('未设置');
    fireEvent.click(screen.getByTestId(`setup-calendar-import-${year + 1}`));
    expect(await screen.findByTestId('imports-page')).toBeInTheDocument();
  });

  it('creates accounts and shows each one-time password once, with a warning before it is dismissed unseen', async () => {
    const { client, calls } = fakeServer({ root: { id: '100', name: '某局', code: 'ROOT' }, agencyDepartments: 1, calendarYears: [new Date().getFullYear()] });
    renderWith(<SetupPage />, { client, path: '/setup' });
    await screen.findByTestId('setup-step-accounts');
    fireEvent.change(screen.getByTestId('setup-account-login'), { target: { value: 'liu.yang' } });
    // A LEADER account needs its person.
    fireEvent.click(screen.getByTestId('setup-accounts-create'));
    expect(await screen.findByText('此角色须关联人员')).toBeInTheDocument();
    expect(calls.some((c) => c.query.includes('mutation SetupCreateAccounts'))).toBe(false);

    const staff = screen.getByRole('combobox', { name: '人员' });
    fireEvent.mouseDown(staff);
    fireEvent.click(await screen.findByText('刘洋 · 办公室'));
    fireEvent.click(screen.getByTestId('setup-accounts-create'));

    const shown = await screen.findByTestId('setup-accounts-created');
    expect(shown).toHaveTextContent('liu.yang');
    expect(screen.getByTestId('setup-initial-password')).toHaveTextContent('one-time-0');
    const call = calls.find((c) => c.query.includes('mutation SetupCreateAccounts'))!;
    expect(call.variables).toEqual({ inputs: [{ login: 'liu.yang', role: 'LEADER', staff: 's1' }] });

    // Leaving without copying or downloading asks first; cancelling keeps the passwords on screen.
    fireEvent.click(screen.getByTestId('setup-accounts-dismiss'));
    expect((await screen.findAllByText('还没有复制或下载初始密码')).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: /取\s*消/ }));
    expect(screen.getByTestId('setup-initial-password')).toBeInTheDocument();

    // After the download the list may go.
    const createObjectURL = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    fireEvent.click(screen.getByTestId('setup-accounts-download'));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId('setup-accounts-dismiss'));
    await waitFor(() => expect(screen.queryByTestId('setup-initial-password')).toBeNull());
  });
});

describe('SetupRedirect', () => {
  const routes = { '/setup': <div data-testid="wizard">{'wizard'}</div> };

  it('sends an ADMIN to /setup while the agency does not exist', async () => {
    signIn('ADMIN');
    const { client } = fakeServer();
    renderWith(<SetupRedirect />, { client, path: '/cockpit', routes });
    expect(await screen.findByTestId('wizard')).toBeInTheDocument();
    act(() => clearSession());
  });

  it('leaves an ADMIN of a set-up agency, and every other role, where they are', async () => {
    signIn('ADMIN');
    const set = fakeServer({ root: { id: '1', name: '某局', code: 'ROOT' } });
    renderWith(<div data-testid="cockpit">{'cockpit'}<SetupRedirect /></div>, { client: set.client, path: '/cockpit', routes });
    await waitFor(() => expect(set.calls.some((c) => c.query.includes('query SetupStatus'))).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByTestId('cockpit')).toBeInTheDocument();
    act(() => clearSession());

    signIn('LEADER');
    const leader = fakeServer();
    renderWith(<div data-testid="tasks">{'tasks'}<SetupRedirect /></div>, { client: leader.client, path: '/tasks', routes });
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByTestId('tasks')).toBeInTheDocument();
    expect(leader.calls).toHaveLength(0);
    act(() => clearSession());
  });
});

describe('SetupGapState', () => {
  it('links an ADMIN to the step that fixes it, and tells others whom to ask', async () => {
    signIn('ADMIN');
    const { client } = fakeServer();
    renderWith(<SetupGapState need="departments" />, { client, path: '/cockpit', routes: { '/imports': <div data-testid="imports">{'imports'}</div> } });
    expect(screen.getByText('还没有部门')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '导入部门' }));
    expect(await screen.findByTestId('imports')).toBeInTheDocument();
    act(() => clearSession());

    signIn('STAFF');
    renderWith(<SetupGapState need="responsibility" />, { client, path: '/find' });
    expect(screen.getByText('责任清单尚未建立，请联系系统管理员。')).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
    act(() => clearSession());
  });
});
