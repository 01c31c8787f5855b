import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import FindPage from './FindPage';
import { mockClient, renderWith, type GraphQLCall } from '../../test/utils';
import { clearSession, setSession } from '../../auth/store';

const settings = {
  data: {
    settings: [
      { __typename: 'Setting', key: 'deadlines.request_resolve_days', department: null },
      { __typename: 'Setting', key: 'requests.default_department', department: { __typename: 'Department', id: 'd3', name: '综合办公室' } },
    ],
  },
};

const departments = {
  data: {
    departments: {
      totalCount: 2,
      edges: [
        { node: { id: 'd1', name: '某机关', code: 'A', kind: 'AGENCY', parentID: null, sortOrder: 0, visitQuotaPerYear: 0 } },
        { node: { id: 'd9', name: '办公室', code: 'B', kind: 'AGENCY', parentID: 'd1', sortOrder: 1, visitQuotaPerYear: 0 } },
      ],
    },
  },
};

function respond(find: unknown[], file?: (c: GraphQLCall) => unknown, setting: unknown = settings) {
  return (call: GraphQLCall) => {
    if (call.query.includes('query DefaultReceiving')) return setting;
    if (call.query.includes('query OrgDepartments')) return departments;
    if (call.query.includes('query FindResponsible')) return { data: { findResponsible: find } };
    if (call.query.includes('mutation FileRequest') && file) return file(call);
    return { data: null, errors: [{ message: 'unexpected', extensions: { code: 'INTERNAL' } }] };
  };
}

const filed = {
  data: {
    fileRequest: {
      __typename: 'Task',
      id: '501',
      title: '一线诉求：广告牌松动',
      dueAt: '2026-12-10T09:00:00Z',
      leadDepartment: { __typename: 'Department', id: 'd3', name: '综合办公室' },
    },
  },
};

describe('FindPage: a request no item covers', () => {
  beforeEach(() =>
    setSession({
      accessToken: 'x',
      refreshToken: 'y',
      expiresAt: '2099-01-01T00:00:00Z',
      viewer: { role: 'FRONTLINE', scopes: [], department: { id: 'u1', name: '第一车间' }, account: { id: 'a', login: 'frontline' }, staff: null },
    } as never),
  );
  afterEach(() => clearSession());

  it('nothing found: files without an item, saying the default receiving department takes it', async () => {
    let sent: GraphQLCall | undefined;
    const { client } = mockClient(
      respond([], (c) => {
        sent = c;
        return filed;
      }),
    );
    renderWith(<FindPage />, { client, path: '/find', initial: '/find?q=广告牌松动' });
    expect(await screen.findByText(/默认受理部门（综合办公室）/)).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('file-request-anyway'));
    const dialog = (await screen.findByText('提交诉求（无对应事项）')).closest('.ant-modal') as HTMLElement;
    expect(within(dialog).getByTestId('file-hint')).toHaveTextContent('默认受理部门（综合办公室）接收');
    // the words searched are the start of the description
    const text = within(dialog).getByRole('textbox') as HTMLTextAreaElement;
    expect(text.value).toBe('广告牌松动');
    fireEvent.change(text, { target: { value: '车间外墙广告牌松动，担心掉落' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));
    expect(await within(dialog).findByText('诉求已提交')).toBeInTheDocument();
    expect(sent?.variables).toEqual({ description: '车间外墙广告牌松动，担心掉落' });
    expect(within(dialog).getByText(/已交由默认受理部门（综合办公室）接收/)).toBeInTheDocument();
  });

  it('an item nobody is responsible for can be filed too, with the item', async () => {
    let sent: GraphQLCall | undefined;
    const match = {
      __typename: 'ResponsibilityMatch',
      score: 2,
      matched: ['漏雨'],
      item: { __typename: 'ResponsibilityItem', id: '9', list: 'RESPONSIBILITY', title: '车间漏雨', categoryPath: '设施设备/房屋', keywords: ['漏雨'], legalBasis: '', contact: '' },
      responsibleDepartment: null,
      leadDepartment: null,
      commitment: { __typename: 'ServiceCommitment', respondWithinHours: 4, resolveWithinDays: 5, text: '' },
    };
    const { client } = mockClient(
      respond([match], (c) => {
        sent = c;
        return filed;
      }),
    );
    renderWith(<FindPage />, { client, path: '/find', initial: '/find?q=车间漏雨' });
    const card = await screen.findByTestId('find-result');
    expect(within(card).getByText(/提交的诉求将由默认受理部门（综合办公室）接收/)).toBeInTheDocument();
    const button = within(card).getByTestId('file-request');
    expect(button).toBeEnabled();
    // and the way out when the item found is not the right one
    expect(screen.getByTestId('find-no-item')).toBeInTheDocument();
    fireEvent.click(button);
    const dialog = (await screen.findByText('提交诉求：车间漏雨')).closest('.ant-modal') as HTMLElement;
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '第一车间屋顶漏雨' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));
    expect(await within(dialog).findByText('诉求已提交')).toBeInTheDocument();
    expect(sent?.variables).toEqual({ item: '9', description: '第一车间屋顶漏雨' });
  });

  it('with the setting unset, names 办公室 as the server does', async () => {
    const unset = { data: { settings: [{ __typename: 'Setting', key: 'requests.default_department', department: null }] } };
    const { client } = mockClient(respond([], undefined, unset));
    renderWith(<FindPage />, { client, path: '/find', initial: '/find?q=广告牌松动' });
    expect(await screen.findByText(/默认受理部门（办公室）/)).toBeInTheDocument();
  });
});
