import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  __resetAuthForTests,
  authFetch,
  getAccessToken,
  getAuthState,
  REFRESH_TOKEN_KEY,
  restoreSession,
  setSession,
} from './store';

const viewer = {
  role: 'STAFF' as const,
  scopes: [],
  mustChangePassword: false,
  department: null,
  account: { id: '1', login: 'staff' },
  staff: null,
};

function payload(n: number) {
  return {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    viewer,
  };
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const unauthenticated = { data: null, errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] };

describe('auth store', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    window.localStorage.clear();
    __resetAuthForTests();
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  const authHeader = (call: number) => new Headers((fetchMock.mock.calls[call][1] as RequestInit).headers).get('Authorization');

  it('sends the bearer token', async () => {
    setSession(payload(1));
    fetchMock.mockResolvedValueOnce(json({ data: { ok: true } }));
    await authFetch('/graphql', { method: 'POST', body: '{}' });
    expect(authHeader(0)).toBe('Bearer access-1');
  });

  it('refreshes once on UNAUTHENTICATED and retries with the new token', async () => {
    setSession(payload(1));
    fetchMock
      .mockResolvedValueOnce(json(unauthenticated))
      .mockResolvedValueOnce(json({ data: { refreshToken: payload(2) } }))
      .mockResolvedValueOnce(json({ data: { ok: true } }));
    const res = await authFetch('/graphql', { method: 'POST', body: '{}' });
    expect(await res.json()).toEqual({ data: { ok: true } });
    expect(fetchMock).toHaveBeenCalledTimes(3);
    const refreshBody = JSON.parse(String((fetchMock.mock.calls[1][1] as RequestInit).body));
    expect(refreshBody.variables).toEqual({ refreshToken: 'refresh-1' });
    expect(authHeader(2)).toBe('Bearer access-2');
    expect(getAccessToken()).toBe('access-2');
    expect(window.localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
  });

  it('logs out when the refresh fails', async () => {
    setSession(payload(1));
    fetchMock.mockResolvedValueOnce(json(unauthenticated)).mockResolvedValueOnce(json(unauthenticated));
    await authFetch('/graphql', { method: 'POST', body: '{}' });
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(getAuthState().status).toBe('anonymous');
    expect(getAccessToken()).toBeNull();
    expect(window.localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('marks the viewer when an answer says the password must be changed first', async () => {
    setSession(payload(1));
    fetchMock.mockResolvedValueOnce(
      json({
        data: null,
        errors: [{ message: 'change it', extensions: { code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' } }],
      }),
    );
    await authFetch('/graphql', { method: 'POST', body: '{}' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(getAuthState()).toMatchObject({ status: 'authenticated', viewer: { mustChangePassword: true } });
  });

  it('ends a disabled account’s session without refreshing and says why', async () => {
    setSession(payload(1));
    fetchMock.mockResolvedValueOnce(
      json({
        data: null,
        errors: [{ message: 'disabled', extensions: { code: 'UNAUTHENTICATED', reason: 'ACCOUNT_DISABLED' } }],
      }),
    );
    await authFetch('/graphql', { method: 'POST', body: '{}' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(getAuthState()).toEqual({ status: 'anonymous', viewer: null, reason: 'ACCOUNT_DISABLED' });
    expect(window.localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    // the next sign-in forgets the reason
    setSession(payload(2));
    expect(getAuthState().reason).toBeUndefined();
  });

  it('restores a stored session once, even when asked twice', async () => {
    window.localStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-7');
    __resetAuthForTests();
    expect(getAuthState().status).toBe('restoring');
    fetchMock.mockResolvedValueOnce(json({ data: { refreshToken: payload(8) } }));
    const [a, b] = await Promise.all([restoreSession(), restoreSession()]);
    expect(a && b).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(getAuthState()).toMatchObject({ status: 'authenticated', viewer });
  });
});
