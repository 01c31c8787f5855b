import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import LoginPage from './LoginPage';
import { mockClient, renderWith } from '../../test/utils';
import { __resetAuthForTests, getAccessToken, getAuthState, REFRESH_TOKEN_KEY } from '../../auth/store';

const viewer = {
  role: 'STAFF',
  scopes: ['read:tasks'],
  mustChangePassword: false,
  department: { id: '3', name: '办公室' },
  account: { id: '1', login: 'staff' },
  staff: { id: '2', name: '王干部', position: '科员', department: { id: '3', name: '办公室' } },
};

async function fillAndSubmit(username: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('用户名'), username);
  await user.type(screen.getByLabelText('密码'), password);
  await user.click(screen.getByRole('button', { name: /登\s*录/ }));
}

describe('LoginPage', () => {
  beforeEach(() => {
    __resetAuthForTests();
    // The page asks /healthz for demo mode; the auth store reads the viewer over /graphql.
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/healthz'
          ? new Response(JSON.stringify({ status: 'ok', demo: true }), { status: 200 })
          : new Response(JSON.stringify({ data: { viewer } }), { status: 200 }),
      ),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('submits the credentials and shows a wrong-password error by code', async () => {
    const { client, calls } = mockClient(() => ({
      data: null,
      errors: [{ message: 'invalid credentials', extensions: { code: 'UNAUTHENTICATED' } }],
    }));
    renderWith(<LoginPage />, { client, path: '/login' });

    await fillAndSubmit('leader', 'wrong');

    expect(await screen.findByTestId('login-error')).toHaveTextContent('用户名或密码不正确');
    expect(calls).toHaveLength(1);
    expect(calls[0].query).toContain('login(username: $username, password: $password)');
    expect(calls[0].variables).toEqual({ username: 'leader', password: 'wrong' });
    expect(getAccessToken()).toBeNull();
  });

  it('shows other errors by their extensions.code', async () => {
    const { client } = mockClient(() => ({
      data: null,
      errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED' } }],
    }));
    renderWith(<LoginPage />, { client, path: '/login' });
    await fillAndSubmit('leader', 'x');
    expect(await screen.findByTestId('login-error')).toHaveTextContent('请求过于频繁，请稍后再试。');
  });

  it('tells a disabled account so, not "wrong password"', async () => {
    const { client } = mockClient(() => ({
      data: null,
      errors: [
        {
          message: '账号已停用，请联系管理员 / this account is disabled; ask your administrator',
          extensions: { code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DISABLED' },
        },
      ],
    }));
    renderWith(<LoginPage />, { client, path: '/login' });
    await fillAndSubmit('zhou.min', 'right-password');
    const alert = await screen.findByTestId('login-error');
    expect(alert).toHaveTextContent('您的账号已被停用');
    expect(alert).not.toHaveTextContent('用户名或密码不正确');
    expect(screen.getByText('账号已停用')).toBeInTheDocument();
  });

  it('validates empty fields without calling the server', async () => {
    const { client, calls } = mockClient(() => ({}));
    renderWith(<LoginPage />, { client, path: '/login' });
    await userEvent.setup().click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请输入用户名')).toBeInTheDocument();
    expect(await screen.findByText('请输入密码')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('stores the session and goes to the role home page on success', async () => {
    const { client } = mockClient(() => ({
      data: {
        login: {
          accessToken: 'access-1',
          refreshToken: 'refresh-1',
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
          viewer,
        },
      },
    }));
    renderWith(<LoginPage />, { client, path: '/login', routes: { '/tasks': <div>tasks page</div> } });
    await fillAndSubmit('staff', 'xiaoneng-demo');
    expect(await screen.findByText('tasks page')).toBeInTheDocument();
    expect(getAccessToken()).toBe('access-1');
    expect(window.localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
  });

  it('signs in on tokens with a partial viewer and reads the viewer again', async () => {
    const { client } = mockClient(() => ({
      data: {
        login: {
          accessToken: 'access-2',
          refreshToken: 'refresh-2',
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
          viewer: { ...viewer, staff: null },
        },
      },
      errors: [{ message: 'no', path: ['login', 'viewer', 'staff', 'department'], extensions: { code: 'FORBIDDEN' } }],
    }));
    renderWith(<LoginPage />, { client, path: '/login', routes: { '/tasks': <div>tasks page</div> } });
    await fillAndSubmit('staff', 'xiaoneng-demo');
    expect(await screen.findByText('tasks page')).toBeInTheDocument();
    expect(getAccessToken()).toBe('access-2');
    expect(getAuthState().viewer?.staff?.name).toBe('王干部');
  });

  it('lists the demo accounts when the server runs the demo', async () => {
    const { client } = mockClient(() => ({}));
    renderWith(<LoginPage />, { client, path: '/login' });
    expect(await screen.findByText('演示账号')).toBeInTheDocument();
  });
});
