import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Client, fetchExchange } from '@urql/core';
import ImportsPage from './ImportsPage';
import { renderWith } from '../../test/utils';
import { __resetAuthForTests, setSession } from '../../auth/store';

interface Call {
  query: string;
  variables: Record<string, unknown>;
  file?: File;
}

/** An urql client whose transport answers JSON and multipart requests alike. */
function client(respond: (c: Call) => unknown) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (_: RequestInfo | URL, init?: RequestInit) => {
    let call: Call;
    if (init?.body instanceof FormData) {
      call = JSON.parse(String(init.body.get('operations'))) as Call;
      call.file = init.body.get('0') as File;
    } else {
      call = JSON.parse(String(init?.body ?? '{}')) as Call;
    }
    calls.push(call);
    return new Response(JSON.stringify(await respond(call)), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  return {
    client: new Client({ url: 'http://localhost/graphql', exchanges: [fetchExchange], fetch, preferGetMethod: false }),
    calls,
  };
}

const kinds = [
  {
    kind: 'DEPARTMENTS',
    title: { zh: '部门', en: 'Departments' },
    sessionOnly: false,
    columns: [
      { key: 'code', header: { zh: '编码', en: 'Code' }, required: true, example: 'AG13', note: { zh: '唯一', en: 'unique' } },
      {
        key: 'parent_code',
        header: { zh: '上级编码', en: 'Parent code' },
        required: false,
        example: 'ROOT',
        note: { zh: '上级', en: 'parent' },
      },
    ],
  },
  {
    kind: 'ACCOUNTS',
    title: { zh: '账号', en: 'Accounts' },
    sessionOnly: true,
    columns: [
      { key: 'login', header: { zh: '登录名', en: 'Login' }, required: true, example: 'zhang.wei', note: { zh: '', en: '' } },
    ],
  },
];

const report = (over: Record<string, unknown> = {}) => ({
  format: 'CSV',
  encoding: 'UTF-8 BOM',
  sheet: '部门',
  headerLine: 1,
  rows: 2,
  created: 2,
  updated: 0,
  unchanged: 0,
  problemCount: 0,
  problems: [],
  ignoredColumns: [],
  exampleLines: [],
  ...over,
});

const batch = (over: Record<string, unknown> = {}) => ({
  id: '7',
  kind: 'DEPARTMENTS',
  fileName: '部门.csv',
  size: 120,
  status: 'CHECKED',
  progress: { done: 2, total: 2 },
  report: report(),
  failure: null,
  canApply: true,
  createdAt: '2026-12-07T10:00:00Z',
  checkedAt: '2026-12-07T10:00:01Z',
  appliedAt: null,
  ...over,
});

function signIn(role: 'ADMIN' | 'LEADER') {
  setSession({
    accessToken: 'a',
    refreshToken: 'r',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    viewer: { role, scopes: [], mustChangePassword: false, department: null, account: { id: '1', login: 'admin' }, staff: null },
  });
}

async function uploadFile(name = '部门.csv') {
  const input = (await screen.findByTestId('import-wizard')).querySelector('input[type=file]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File(['编码,上级编码\nAG1,ROOT\n'], name, { type: 'text/csv' })] } });
}

describe('ImportsPage', () => {
  beforeEach(() => {
    window.localStorage.clear();
    __resetAuthForTests();
  });
  afterEach(() => {
    __resetAuthForTests();
  });

  it('shows the columns with required marks, uploads the file and lists every problem with its line and column; nothing to apply', async () => {
    signIn('ADMIN');
    const { client: c, calls } = client((call) => {
      if (call.query.includes('importKinds')) return { data: { importKinds: kinds } };
      if (call.query.includes('checkImport'))
        return {
          data: {
            checkImport: batch({
              canApply: false,
              report: report({
                created: 1,
                problemCount: 1,
                problems: [
                  {
                    sheet: '部门',
                    line: 3,
                    column: 'parent_code',
                    header: null,
                    message: { zh: '上级编码 AG99 不存在', en: 'unknown parent code AG99' },
                  },
                ],
              }),
            }),
          },
        };
      throw new Error(`unexpected ${call.query}`);
    });
    renderWith(<ImportsPage />, { client: c, path: '/imports' });
    const columns = await screen.findByTestId('import-columns');
    expect(within(columns).getByText('编码')).toBeInTheDocument();
    expect(within(columns).getAllByText('必填')).toHaveLength(1);

    await uploadFile();
    expect(await screen.findByTestId('check-problems')).toHaveTextContent('发现 1 个问题');
    const row = screen.getByTestId('problem-row');
    expect(within(row).getByTestId('problem-line')).toHaveTextContent('3');
    expect(within(row).getByTestId('problem-column')).toHaveTextContent('上级编码');
    expect(within(row).getByTestId('problem-message')).toHaveTextContent('上级编码 AG99 不存在');
    expect(screen.queryByTestId('import-apply')).toBeNull();
    const upload = calls.find((x) => x.query.includes('checkImport'))!;
    expect(upload.variables).toEqual({ kind: 'DEPARTMENTS', file: null });
    expect(upload.file?.name).toBe('部门.csv');
  }, 60_000);

  it('starts with the table the link names (/imports?kind=ACCOUNTS, as the setup wizard links)', async () => {
    signIn('ADMIN');
    const { client: c, calls } = client((call) => {
      if (call.query.includes('importKinds')) return { data: { importKinds: kinds } };
      if (call.query.includes('checkImport')) return { data: { checkImport: batch({ kind: 'ACCOUNTS', canApply: false }) } };
      throw new Error(`unexpected ${call.query}`);
    });
    renderWith(<ImportsPage />, { client: c, path: '/imports', initial: '/imports?kind=ACCOUNTS' });
    await uploadFile('账号.csv');
    await waitFor(() => expect(calls.some((x) => x.query.includes('checkImport'))).toBe(true));
    expect(calls.find((x) => x.query.includes('checkImport'))!.variables).toEqual({ kind: 'ACCOUNTS', file: null });
  }, 60_000);

  it('refuses an .xls workbook before uploading', async () => {
    signIn('ADMIN');
    const { client: c, calls } = client(() => ({ data: { importKinds: kinds } }));
    renderWith(<ImportsPage />, { client: c, path: '/imports' });
    await uploadFile('旧表.xls');
    expect(await screen.findByText(/不支持旧版 \.xls 文件/)).toBeInTheDocument();
    expect(calls.some((x) => x.query.includes('checkImport'))).toBe(false);
  }, 60_000);

  it('polls a running check, then applies on confirmation and polls the apply until APPLIED', async () => {
    signIn('ADMIN');
    const polls = [batch({ status: 'CHECKING', progress: { done: 1, total: 2 }, report: null, canApply: false }), batch()];
    const applies = [batch({ status: 'APPLIED', appliedAt: '2026-12-07T10:01:00Z' })];
    const { client: c, calls } = client((call) => {
      if (call.query.includes('importKinds')) return { data: { importKinds: kinds } };
      if (call.query.includes('checkImport'))
        return {
          data: { checkImport: batch({ status: 'CHECKING', progress: { done: 0, total: 0 }, report: null, canApply: false }) },
        };
      if (call.query.includes('applyImport'))
        return {
          data: { applyImport: { secretsKey: 'k', batch: batch({ status: 'APPLYING', progress: { done: 0, total: 2 } }) } },
        };
      if (call.query.includes('importBatch(')) {
        const next = polls.length ? polls.shift() : applies.shift();
        return { data: { importBatch: next } };
      }
      throw new Error(`unexpected ${call.query}`);
    });
    renderWith(<ImportsPage />, { client: c, path: '/imports' });
    await uploadFile();
    expect(await screen.findByTestId('import-progress')).toBeInTheDocument();
    expect(await screen.findByTestId('check-ok', {}, { timeout: 5000 })).toHaveTextContent('新建 2 行');
    await userEvent.setup().click(screen.getByTestId('import-apply'));
    // the confirmation says what happens
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('将新建 2 行');
    await userEvent.setup().click(within(dialog).getByRole('button', { name: /导\s*入/ }));
    expect(await screen.findByTestId('import-applied', {}, { timeout: 5000 })).toHaveTextContent('导入完成');
    expect(calls.filter((x) => x.query.includes('importBatch(')).length).toBe(3);
    expect(calls.find((x) => x.query.includes('applyImport'))?.variables).toEqual({ batch: '7' });
    // no one-time passwords for departments
    expect(calls.some((x) => x.query.includes('importSecrets'))).toBe(false);
  }, 60_000);

  it('fetches the one-time passwords of an accounts import once and shows them once', async () => {
    signIn('ADMIN');
    const acc = (over: Record<string, unknown>) =>
      batch({ kind: 'ACCOUNTS', fileName: '账号.csv', report: report({ sheet: '账号', created: 1, rows: 1 }), ...over });
    const { client: c, calls } = client((call) => {
      if (call.query.includes('importKinds')) return { data: { importKinds: kinds } };
      if (call.query.includes('checkImport')) return { data: { checkImport: acc({}) } };
      if (call.query.includes('applyImport'))
        return { data: { applyImport: { secretsKey: 'key-1', batch: acc({ status: 'APPLIED' }) } } };
      if (call.query.includes('importSecrets'))
        return { data: { importSecrets: [{ login: 'zhou.min', password: 'Abcdefgh2345' }] } };
      throw new Error(`unexpected ${call.query}`);
    });
    renderWith(<ImportsPage />, { client: c, path: '/imports' });
    const user = userEvent.setup();
    await user.click(await screen.findByText('账号'));
    await uploadFile('账号.csv');
    await user.click(await screen.findByTestId('import-apply'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('将为 1 个新账号生成初始密码');
    await user.click(within(dialog).getByRole('button', { name: /导\s*入/ }));
    expect(await screen.findByTestId('secret-password')).toHaveTextContent('Abcdefgh2345');
    expect(screen.getByTestId('import-secrets')).toHaveTextContent('只显示这一次');
    const secretCalls = calls.filter((x) => x.query.includes('importSecrets'));
    expect(secretCalls).toHaveLength(1);
    expect(secretCalls[0].variables).toEqual({ batch: '7', key: 'key-1' });
    expect(calls.find((x) => x.query.includes('checkImport'))?.variables.kind).toBe('ACCOUNTS');
  }, 60_000);

  it('lists past batches and goes on with a checked one from the history', async () => {
    signIn('ADMIN');
    const listed = {
      id: '7',
      kind: 'DEPARTMENTS',
      fileName: '部门.csv',
      size: 120,
      status: 'CHECKED',
      canApply: true,
      createdAt: '2026-12-07T10:00:00Z',
      checkedAt: '2026-12-07T10:00:01Z',
      appliedAt: null,
      uploadedBy: { id: '1', login: 'admin' },
      report: { rows: 2, created: 2, updated: 0, unchanged: 0, problemCount: 0 },
      failure: null,
    };
    const { client: c } = client((call) => {
      if (call.query.includes('importKinds')) return { data: { importKinds: kinds } };
      if (call.query.includes('importBatches')) return { data: { importBatches: [listed] } };
      if (call.query.includes('importBatch(')) return { data: { importBatch: batch() } };
      throw new Error(`unexpected ${call.query}`);
    });
    renderWith(<ImportsPage />, { client: c, path: '/imports', initial: '/imports?tab=history' });
    const history = await screen.findByTestId('import-history');
    expect(await within(history).findByText('部门.csv')).toBeInTheDocument();
    expect(within(history).getByText('已检查')).toBeInTheDocument();
    expect(within(history).getByText('新建 2 · 更新 0 · 不变 0')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(within(history).getByRole('button', { name: '检查结果' }));
    await user.click(await screen.findByTestId('history-resume'));
    expect(await screen.findByTestId('check-ok')).toHaveTextContent('新建 2 行');
    expect(screen.getByTestId('import-apply')).toBeInTheDocument();
  }, 60_000);

  it('offers a LEADER neither accounts nor the calendar to import, but every export', async () => {
    signIn('LEADER');
    const { client: c } = client(() => ({ data: { importKinds: kinds } }));
    renderWith(<ImportsPage />, { client: c, path: '/imports' });
    const picker = await screen.findByTestId('import-kind');
    expect(within(picker).getByText('部门')).toBeInTheDocument();
    expect(within(picker).queryByText('账号')).toBeNull();
    await userEvent.setup().click(screen.getByRole('tab', { name: '导出' }));
    await waitFor(() => expect(screen.getByTestId('export-ACCOUNTS-xlsx')).toBeInTheDocument());
  }, 60_000);
});
