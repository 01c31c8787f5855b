import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ChangePasswordPage, { passwordBytes } from './ChangePasswordPage';
import RequireAuth from '../../auth/RequireAuth';
import { mockClient, renderWith } from '../../test/utils';
import { __resetAuthForTests, getAccessToken, getAuthState, setSession } from '../../auth/store';

const viewer = (mustChangePassword: boolean) => ({
  role: 'STAFF' as const,
  scopes: [],
  mustChangePassword,
  department: null,
  account: { id: '5', login: 'zhou.min' },
  staff: null,
});

function signIn(must: boolean) {
  setSession({
    accessToken: 'old',
    refreshToken: 'r0',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    viewer: viewer(must),
  });
}

async function fill(current: string, next: string, repeat = next) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText(/初始密码|当前密码/), current);
  await user.type(screen.getByLabelText('新密码'), next);
  await user.type(screen.getByLabelText('再次输入新密码'), repeat);
  await user.click(screen.getByRole('button', { name: /修改密码并继续/ }));
}

describe('forced password change', () => {
  beforeEach(() => {
    window.localStorage.clear();
    __resetAuthForTests();
  });
  afterEach(() => __resetAuthForTests());

  it('sends a viewer who must change the password to /change-password from any page', async () => {
    signIn(true);
    const { client } = mockClient(() => ({}));
    renderWith(
      <RequireAuth>
        <div>tasks page</div>
      </RequireAuth>,
      { client, path: '/tasks', routes: { '/change-password': <div>change page</div> } },
    );
    expect(await screen.findByText('change page')).toBeInTheDocument();
    expect(screen.queryByText('tasks page')).toBeNull();
  }, 60_000);

  it('lets a viewer without the duty through', async () => {
    signIn(false);
    const { client } = mockClient(() => ({}));
    renderWith(
      <RequireAuth>
        <div>tasks page</div>
      </RequireAuth>,
      { client, path: '/tasks', routes: { '/change-password': <div>change page</div> } },
    );
    expect(await screen.findByText('tasks page')).toBeInTheDocument();
  }, 60_000);

  it('checks the rules before asking the server: length, same as current, repeat', async () => {
    signIn(true);
    const { client, calls } = mockClient(() => ({}));
    renderWith(<ChangePasswordPage />, { client, path: '/change-password' });
    expect(screen.getByTestId('password-forced')).toBeInTheDocument();
    await fill('Initial12345', 'short', 'other');
    expect(await screen.findByText('新密码至少 8 个字节')).toBeInTheDocument();
    expect(await screen.findByText('两次输入的新密码不一致')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
    expect(passwordBytes('密码')).toBe(6);
  }, 60_000);

  it('shows the server’s refusal of the current password on its field', async () => {
    signIn(true);
    const { client } = mockClient(() => ({
      data: null,
      errors: [
        {
          message: '当前密码不正确 / the current password is wrong',
          extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword' },
        },
      ],
    }));
    renderWith(<ChangePasswordPage />, { client, path: '/change-password' });
    await fill('wrong-one', 'a-new-password');
    expect(await screen.findByText('当前密码不正确')).toBeInTheDocument();
    expect(getAccessToken()).toBe('old');
  }, 60_000);

  it('changes the password, takes the new session and goes back where the viewer was headed', async () => {
    signIn(true);
    const { client, calls } = mockClient(() => ({
      data: {
        changePassword: {
          accessToken: 'new',
          refreshToken: 'r1',
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
          viewer: viewer(false),
        },
      },
    }));
    renderWith(<ChangePasswordPage />, { client, path: '/change-password', routes: { '/tasks': <div>tasks page</div> } });
    await fill('Initial12345', 'a-new-password');
    expect(await screen.findByText('tasks page')).toBeInTheDocument();
    expect(calls[0].variables).toEqual({ currentPassword: 'Initial12345', newPassword: 'a-new-password' });
    expect(getAccessToken()).toBe('new');
    expect(getAuthState().viewer?.mustChangePassword).toBe(false);
  }, 60_000);
});
