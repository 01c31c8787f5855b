import { useSyncExternalStore } from 'react';
import type {
  LoginMutation,
  RefreshTokenMutation,
  ViewerFieldsFragment,
  ViewerQuery,
} from '../graphql/graphql';

// The session's own operations are plain strings (the same as src/api/auth.graphql): importing the
// generated documents would pull every operation of the app into the first load.
const VIEWER_FIELDS = `fragment ViewerFields on Viewer {
  role scopes mustChangePassword department { id name } account { id login }
  staff { id name position department { id name } }
}`;
const VIEWER_QUERY = `query Viewer { viewer { ...ViewerFields } }\n${VIEWER_FIELDS}`;
const REFRESH_MUTATION = `mutation RefreshToken($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresAt viewer { ...ViewerFields } }
}\n${VIEWER_FIELDS}`;
const LOGOUT_MUTATION = 'mutation Logout($refreshToken: String!) { logout(refreshToken: $refreshToken) }';

/**
 * Session handling.
 *
 * The access token lives only in memory; the refresh token is kept in localStorage so that a reload
 * (or a new tab) can obtain a fresh access token. A request answered with UNAUTHENTICATED is retried
 * once after a refresh; when the refresh fails the session is cleared and the router sends the user
 * to /login.
 */

export const GRAPHQL_URL = '/graphql';
export const REFRESH_TOKEN_KEY = 'xn.refreshToken';

export type Viewer = ViewerFieldsFragment;
export type AuthPayload = LoginMutation['login'];
export type AuthStatus = 'restoring' | 'anonymous' | 'authenticated';

/** Why the last session ended on the server's word (shown by the login page). */
export type EndReason = 'ACCOUNT_DISABLED';

export interface AuthState {
  status: AuthStatus;
  viewer: Viewer | null;
  /** Set when the server ended the session for a reason worth telling (a disabled account). */
  reason?: EndReason;
}

let accessToken: string | null = null;
let accessExpiresAt = 0;
let state: AuthState = { status: readRefreshToken() ? 'restoring' : 'anonymous', viewer: null };
const listeners = new Set<() => void>();
let refreshing: Promise<boolean> | null = null;

function readRefreshToken(): string | null {
  try {
    return window.localStorage.getItem(REFRESH_TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeRefreshToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(REFRESH_TOKEN_KEY, token);
    else window.localStorage.removeItem(REFRESH_TOKEN_KEY);
  } catch {
    // storage unavailable: the session simply does not survive a reload
  }
}

function setState(next: AuthState): void {
  state = next;
  listeners.forEach((l) => l());
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getAuthState(): AuthState {
  return state;
}

export function getAccessToken(): string | null {
  return accessToken;
}

export function useAuth(): AuthState {
  return useSyncExternalStore(subscribe, getAuthState, getAuthState);
}

/** Stores the tokens and viewer returned by login or refreshToken. */
export function setSession(payload: AuthPayload): void {
  accessToken = payload.accessToken;
  const exp = Date.parse(payload.expiresAt);
  accessExpiresAt = Number.isNaN(exp) ? 0 : exp;
  writeRefreshToken(payload.refreshToken);
  setState({ status: 'authenticated', viewer: payload.viewer });
}

/** Forgets the session locally (no server call); `reason` tells the login page why. */
export function clearSession(reason?: EndReason): void {
  accessToken = null;
  accessExpiresAt = 0;
  writeRefreshToken(null);
  if (state.status !== 'anonymous' || state.viewer || state.reason !== reason) {
    setState(reason ? { status: 'anonymous', viewer: null, reason } : { status: 'anonymous', viewer: null });
  }
}

/**
 * The server refused an operation until the password is changed (FORBIDDEN, reason
 * PASSWORD_CHANGE_REQUIRED): the viewer is marked so that RequireAuth shows /change-password.
 */
export function markPasswordChangeRequired(): void {
  if (state.status === 'authenticated' && state.viewer && !state.viewer.mustChangePassword) {
    setState({ ...state, viewer: { ...state.viewer, mustChangePassword: true } });
  }
}

/**
 * Starts a session from a login or refreshToken answer. When that answer was partial (the tokens came
 * but some viewer field failed), the viewer is read again with the new token so the shell has it whole.
 */
export async function startSession(payload: AuthPayload, partial: boolean): Promise<void> {
  if (partial) {
    try {
      const res = await postGraphQL<ViewerQuery>(VIEWER_QUERY, {}, payload.accessToken);
      if (res.data?.viewer) payload = { ...payload, viewer: res.data.viewer };
    } catch {
      // keep what the login answer had
    }
  }
  setSession(payload);
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
}

function hasReason(body: GraphQLResponse<unknown> | null | undefined, reason: string): boolean {
  return !!body?.errors?.some((e) => e.extensions?.reason === reason);
}

async function postGraphQL<T>(
  query: string,
  variables: Record<string, unknown>,
  bearer?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

/**
 * Exchanges the stored refresh token for a new session. Concurrent callers share one request.
 * Resolves to true when a new access token is in place.
 */
export function refreshSession(): Promise<boolean> {
  if (refreshing) return refreshing;
  if (!readRefreshToken()) {
    clearSession();
    return Promise.resolve(false);
  }
  const run = async (): Promise<boolean> => {
    // Read the token only now: another tab may have rotated it while this one waited for the lock.
    const token = readRefreshToken();
    if (!token) {
      clearSession();
      return false;
    }
    try {
      const res = await postGraphQL<RefreshTokenMutation>(REFRESH_MUTATION, { refreshToken: token });
      if (res.data?.refreshToken?.accessToken) {
        await startSession(res.data.refreshToken, !!res.errors?.length);
        return true;
      }
      clearSession(hasReason(res, 'ACCOUNT_DISABLED') ? 'ACCOUNT_DISABLED' : undefined);
      return false;
    } catch {
      // Network trouble: keep the refresh token for the next attempt but show the login page.
      accessToken = null;
      setState({ status: 'anonymous', viewer: null });
      return false;
    }
  };
  // Refresh tokens are single-use: tabs of one browser take turns (Web Locks) so that no two of them
  // spend the same token.
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  // (request() resolves to the callback's own result, so the nested Promise type flattens at run time.)
  const p = locks ? (locks.request('xn-refresh-token', run) as unknown as Promise<boolean>) : run();
  const shared = p.finally(() => {
    refreshing = null;
  });
  refreshing = shared;
  return shared;
}

/** Called once at start-up: turns a stored refresh token into a session. */
export function restoreSession(): Promise<boolean> {
  if (state.status !== 'restoring') return Promise.resolve(state.status === 'authenticated');
  return refreshSession();
}

/** Revokes the refresh token on the server (best effort) and forgets the session. */
export async function logout(): Promise<void> {
  const token = readRefreshToken();
  const bearer = accessToken;
  clearSession();
  if (!token) return;
  try {
    await fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query: LOGOUT_MUTATION, variables: { refreshToken: token } }),
    });
  } catch {
    // the token expires on its own
  }
}

function withAuth(init: RequestInit | undefined): RequestInit {
  const headers = new Headers(init?.headers);
  if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`);
  else headers.delete('Authorization');
  return { ...init, headers };
}

/** What an answer says about the session: signed out (and why), or a password change required. */
async function inspect(res: Response): Promise<{ unauthenticated: boolean; disabled: boolean; mustChange: boolean }> {
  const out = { unauthenticated: res.status === 401, disabled: false, mustChange: false };
  const type = res.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return out;
  try {
    const text = await res.clone().text();
    if (!/UNAUTHENTICATED|PASSWORD_CHANGE_REQUIRED/.test(text)) return out;
    const body = JSON.parse(text) as GraphQLResponse<unknown>;
    out.unauthenticated ||= !!body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    out.disabled = hasReason(body, 'ACCOUNT_DISABLED');
    out.mustChange = hasReason(body, 'PASSWORD_CHANGE_REQUIRED');
  } catch {
    // not JSON after all
  }
  return out;
}

/**
 * fetch() for the GraphQL endpoint: adds the bearer token, refreshes it shortly before it expires, and
 * on UNAUTHENTICATED refreshes once and retries. Used by urql and by GraphiQL.
 */
export async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  if (accessToken && accessExpiresAt && Date.now() > accessExpiresAt - 30_000 && readRefreshToken()) {
    await refreshSession();
  }
  const hadToken = accessToken !== null;
  const res = await fetch(input, withAuth(init));
  if (!hadToken && !readRefreshToken()) return res; // anonymous request (e.g. login): nothing to refresh
  const seen = await inspect(res);
  if (seen.mustChange) markPasswordChangeRequired();
  if (!seen.unauthenticated) return res;
  if (seen.disabled) {
    // Logging in again will not help: end the session and let the login page say why.
    clearSession('ACCOUNT_DISABLED');
    return res;
  }
  if (!(await refreshSession())) return res; // session cleared: the router shows /login
  return fetch(input, withAuth(init));
}

/** Test helper: resets the module state. */
export function __resetAuthForTests(): void {
  accessToken = null;
  accessExpiresAt = 0;
  refreshing = null;
  state = { status: readRefreshToken() ? 'restoring' : 'anonymous', viewer: null };
  listeners.forEach((l) => l());
}
