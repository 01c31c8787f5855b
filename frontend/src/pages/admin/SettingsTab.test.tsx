import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import SettingsTab from './SettingsTab';
import { mockClient, renderWith, type GraphQLCall } from '../../test/utils';
import { __resetAuthForTests, setSession } from '../../auth/store';

const t = (zh: string, en = zh) => ({ zh, en });
const SETTINGS = [
  {
    key: 'metrics.idle_below',
    kind: 'NUMBER',
    label: t('闲置阈值', 'idle below'),
    meaning: t('利用率低于此值的人员标为闲置'),
    unit: t('比值'),
    number: 0.5,
    department: null,
    default: 0.5,
    min: 0,
    max: 1,
    isDefault: true,
  },
  {
    key: 'deadlines.rectification_days',
    kind: 'INTEGER',
    label: t('整改时限'),
    meaning: t('差评后被评价部门须在此工作日数内答复整改'),
    unit: t('工作日'),
    number: 10,
    department: null,
    default: 15,
    min: 1,
    max: 60,
    isDefault: false,
  },
];

function login(role: string) {
  setSession({
    accessToken: 'x',
    refreshToken: 'y',
    expiresAt: '2099-01-01T00:00:00Z',
    viewer: { role, scopes: [], department: null, account: { id: 'a1', login: 'admin' }, staff: null },
  } as never);
}

function server(update: (call: GraphQLCall) => unknown) {
  return (call: GraphQLCall) => {
    if (call.query.includes('query AdminSettings')) return { data: { settings: SETTINGS } };
    if (call.query.includes('query OrgDeptTree'))
      return { data: { departments: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } };
    return update(call);
  };
}

function input(key: string) {
  return within(screen.getByTestId(`setting-${key}`)).getByRole('spinbutton');
}

afterEach(() => __resetAuthForTests());

describe('SettingsTab', () => {
  it('shows each setting with its meaning and range; refuses a value out of range before saving', async () => {
    login('ADMIN');
    const { client, calls } = mockClient(server(() => ({ data: null })));
    renderWith(<SettingsTab />, { client, path: '/admin' });
    const row = await screen.findByTestId('setting-deadlines.rectification_days');
    expect(within(row).getByText('差评后被评价部门须在此工作日数内答复整改')).toBeInTheDocument();
    expect(within(row).getByText('单位：工作日；默认 15；允许范围 1–60')).toBeInTheDocument();
    expect(within(row).getByText('已设置')).toBeInTheDocument();
    await waitFor(() => expect(input('deadlines.rectification_days')).toHaveValue('10'));

    fireEvent.change(input('deadlines.rectification_days'), { target: { value: '90' } });
    fireEvent.blur(input('deadlines.rectification_days'));
    fireEvent.click(await screen.findByTestId('settings-save'));
    expect(await within(row).findByText('应在 1 到 60 之间')).toBeInTheDocument();
    expect(calls.some((c) => c.query.includes('mutation AdminUpdateSettings'))).toBe(false);
  });

  it('saves every change in one call and shows the server refusal on the setting it names', async () => {
    login('ADMIN');
    const { client, calls } = mockClient(
      server(() => ({
        errors: [{ message: '闲置阈值 应在 0 到 1 之间 / out of range', extensions: { code: 'BAD_USER_INPUT', field: 'input[1].number' } }],
        data: null,
      })),
    );
    renderWith(<SettingsTab />, { client, path: '/admin' });
    await screen.findByTestId('setting-metrics.idle_below');
    await waitFor(() => expect(input('metrics.idle_below')).toHaveValue('0.50'));
    fireEvent.change(input('deadlines.rectification_days'), { target: { value: '20' } });
    fireEvent.change(input('metrics.idle_below'), { target: { value: '0.4' } });
    fireEvent.blur(input('metrics.idle_below'));
    const save = await screen.findByTestId('settings-save');
    await waitFor(() => expect(save).toHaveTextContent('保存 2 项修改'));
    fireEvent.click(save);
    await waitFor(() => expect(calls.some((c) => c.query.includes('mutation AdminUpdateSettings'))).toBe(true));
    const sent = calls.find((c) => c.query.includes('mutation AdminUpdateSettings'))!;
    expect(sent.variables.input).toEqual([
      { key: 'metrics.idle_below', number: 0.4 },
      { key: 'deadlines.rectification_days', number: 20 },
    ]);
    // input[1] is the second change sent: the rectification deadline.
    expect(await within(screen.getByTestId('setting-deadlines.rectification_days')).findByText('闲置阈值 应在 0 到 1 之间')).toBeInTheDocument();
  });

  it('is read-only for anyone but an administrator', async () => {
    login('LEADER');
    const { client } = mockClient(server(() => ({ data: null })));
    renderWith(<SettingsTab />, { client, path: '/admin' });
    await screen.findByTestId('setting-metrics.idle_below');
    expect(screen.getByText('只有系统管理员可以修改参数。')).toBeInTheDocument();
    expect(screen.queryByTestId('settings-save')).not.toBeInTheDocument();
    expect(input('metrics.idle_below')).toBeDisabled();
  });
});
