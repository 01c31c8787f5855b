import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { Provider } from 'urql';
import { Client, fetchExchange } from '@urql/core';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { vi } from 'vitest';

export interface GraphQLCall {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * An urql client whose transport is a stub: `respond` gets each request body and returns the JSON the
 * server would send. Returns the client and the list of calls made.
 */
export function mockClient(respond: (call: GraphQLCall) => unknown) {
  const calls: GraphQLCall[] = [];
  const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as GraphQLCall;
    calls.push(body);
    const payload = await respond(body);
    return new Response(JSON.stringify(payload), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  const client = new Client({
    url: 'http://localhost/graphql',
    exchanges: [fetchExchange],
    fetch: fetch as unknown as typeof globalThis.fetch,
    preferGetMethod: false,
  });
  return { client, calls, fetch };
}

/** Renders `ui` at `path` (a route pattern; `initial` is the URL opened) inside antd, urql and a memory router. */
export function renderWith(
  ui: ReactElement,
  {
    client,
    path = '/',
    routes = {},
    initial,
  }: { client: Client; path?: string; routes?: Record<string, ReactElement>; initial?: string },
) {
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <Provider value={client}>
          <MemoryRouter initialEntries={[initial ?? path]}>
            <Routes>
              <Route path={path} element={ui} />
              {Object.entries(routes).map(([p, el]) => (
                <Route key={p} path={p} element={el} />
              ))}
            </Routes>
          </MemoryRouter>
        </Provider>
      </AntApp>
    </ConfigProvider>,
  );
}
