import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../api/client';
import { __resetAuthForTests, setSession } from '../../auth/store';
import { CheckImportDocument } from '../../graphql/graphql';

// checkImport goes through the app's own urql client: its fetchExchange turns a File variable into a
// GraphQL multipart request (docs/API.md "Uploads"): operations (the file variable null), map, the file.
describe('the multipart upload of checkImport', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    window.localStorage.clear();
    __resetAuthForTests();
    fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ data: { checkImport: null } }), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    __resetAuthForTests();
  });

  it('sends operations, map and the file, in that order, with the bearer token and no JSON content type', async () => {
    setSession({
      accessToken: 'tok-1',
      refreshToken: 'r-1',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      viewer: {
        role: 'ADMIN',
        scopes: [],
        mustChangePassword: false,
        department: null,
        account: { id: '1', login: 'admin' },
        staff: null,
      },
    });
    const file = new File(['编码,名称\nAG1,办公室\n'], '部门.csv', { type: 'text/csv' });
    await createClient().mutation(CheckImportDocument, { kind: 'DEPARTMENTS', file }).toPromise();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.method).toBe('POST');
    const headers = new Headers(init.headers);
    expect(headers.get('Authorization')).toBe('Bearer tok-1');
    // the browser sets multipart/form-data with its boundary itself
    expect(headers.get('Content-Type')).toBeNull();

    const body = init.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect([...body.keys()]).toEqual(['operations', 'map', '0']);
    const ops = JSON.parse(String(body.get('operations'))) as { query: string; variables: Record<string, unknown> };
    expect(ops.query).toContain('checkImport(kind: $kind, file: $file)');
    expect(ops.variables).toEqual({ kind: 'DEPARTMENTS', file: null });
    expect(JSON.parse(String(body.get('map')))).toEqual({ 0: ['variables.file'] });
    const sent = body.get('0') as File;
    expect(sent.name).toBe('部门.csv');
    expect(await sent.text()).toBe('编码,名称\nAG1,办公室\n');
  });
});
