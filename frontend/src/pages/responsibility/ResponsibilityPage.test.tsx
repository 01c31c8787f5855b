import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import ResponsibilityPage from './ResponsibilityPage';
import { mockClient, renderWith, type GraphQLCall } from '../../test/utils';
import { clearSession, setSession } from '../../auth/store';

function item(id: string, over: Record<string, unknown> = {}) {
  return {
    __typename: 'ResponsibilityItem',
    id,
    list: 'RESPONSIBILITY',
    title: `事项${id}`,
    categoryPath: '设施设备/给排水/下水道',
    keywords: ['下水道'],
    synonyms: ['马桶堵'],
    respondWithinHours: 4,
    resolveWithinDays: 3,
    commitment: '',
    legalBasis: '',
    contact: '',
    retired: false,
    updatedAt: '2026-12-01T00:00:00Z',
    responsibleDepartment: { __typename: 'Department', id: 'd2', name: '后勤服务中心' },
    leadDepartment: null,
    ...over,
  };
}

const departments = {
  data: {
    departments: {
      totalCount: 3,
      edges: [
        { node: { id: 'd1', name: '某机关', code: 'A', kind: 'AGENCY', parentID: null, sortOrder: 0, visitQuotaPerYear: 0 } },
        { node: { id: 'd2', name: '后勤服务中心', code: 'B', kind: 'AGENCY', parentID: 'd1', sortOrder: 1, visitQuotaPerYear: 0 } },
        { node: { id: 'd3', name: '办公室', code: 'C', kind: 'AGENCY', parentID: 'd1', sortOrder: 2, visitQuotaPerYear: 0 } },
      ],
    },
  },
};

const conn = (nodes: unknown[]) => ({
  __typename: 'ResponsibilityItemConnection',
  totalCount: nodes.length,
  pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
  edges: nodes.map((n) => ({ __typename: 'ResponsibilityItemEdge', node: n })),
});

const unowned = item('9', { title: '车间漏雨', categoryPath: '设施设备/房屋/屋面', responsibleDepartment: null, keywords: ['漏雨'] });
const gaps = {
  data: {
    responsibilityGaps: {
      __typename: 'ResponsibilityGaps',
      itemIds: ['9'],
      toFix: [{ __typename: 'ResponsibilityGapItem', kinds: ['UNOWNED'], overlapTerms: [], item: unowned }],
      overlaps: [],
    },
  },
};

type Handler = (call: GraphQLCall) => unknown;

function respond(over: Record<string, Handler> = {}) {
  return (call: GraphQLCall) => {
    const name = /(?:query|mutation) (\w+)/.exec(call.query)?.[1] ?? '';
    if (over[name]) return over[name](call);
    switch (name) {
      case 'OrgDepartments':
        return departments;
      case 'RespItems':
        return { data: { responsibilityItems: conn([item('1'), unowned]) } };
      case 'RespCategories':
        return { data: { responsibilityItems: conn([item('1'), unowned]) } };
      case 'RespGaps':
        return gaps;
      default:
        return { data: null, errors: [{ message: `unexpected ${name}`, extensions: { code: 'INTERNAL' } }] };
    }
  };
}

function login(role: 'ADMIN' | 'LEADER') {
  setSession({
    accessToken: 'x',
    refreshToken: 'y',
    expiresAt: '2099-01-01T00:00:00Z',
    viewer: {
      role,
      scopes: [],
      department: null,
      account: { id: 'a1', login: 'admin' },
      staff: role === 'LEADER' ? { id: 's1', name: '李领导', position: '主任', department: { id: 'd2', name: '后勤服务中心' } } : null,
    },
  } as never);
}

describe('ResponsibilityPage', () => {
  beforeEach(() => login('ADMIN'));
  afterEach(() => clearSession());

  it('lists the items in use by category, with 职责空白 marked and the category tree counted', async () => {
    const { client, calls } = mockClient(respond());
    renderWith(<ResponsibilityPage />, { client, path: '/responsibility' });
    expect(await screen.findByText('事项1')).toBeInTheDocument();
    const row = screen.getByText('车间漏雨').closest('tr') as HTMLElement;
    expect(within(row).getByTestId('resp-unowned-tag')).toHaveTextContent('职责空白');
    expect(within(row).getByText('4小时响应 / 3个工作日办结')).toBeInTheDocument();
    const itemsCall = calls.find((c) => c.query.includes('query RespItems'))!;
    expect(itemsCall.variables.where).toEqual({ retiredAtIsNil: true });
    // the category tree: 设施设备 holds both items
    expect(await screen.findByTestId('resp-cat-设施设备')).toHaveTextContent('(2)');
    // the gaps tab says how many items to fix
    expect(await within(screen.getByTestId('resp-tab-gaps')).findByText('1')).toBeInTheDocument();
  });

  it('shows what 找谁办 answers for everyday words, with the matched words and the score', async () => {
    const { client, calls } = mockClient(
      respond({
        RespSearch: () => ({
          data: {
            findResponsible: [
              { __typename: 'ResponsibilityMatch', score: 3.5, matched: ['下水道'], item: item('1'), responsibleDepartment: { __typename: 'Department', id: 'd2', name: '后勤服务中心' } },
            ],
          },
        }),
      }),
    );
    renderWith(<ResponsibilityPage />, { client, path: '/responsibility', initial: '/responsibility?q=下水道堵了' });
    const results = await screen.findByTestId('resp-search-results');
    expect(await within(results).findByText('事项1')).toBeInTheDocument();
    expect(within(results).getByTestId('resp-matched')).toHaveTextContent('下水道');
    expect(within(results).getByTestId('resp-score')).toHaveTextContent('3.50');
    expect(calls.find((c) => c.query.includes('query RespSearch'))?.variables).toEqual({ query: '下水道堵了' });
    expect(calls.some((c) => c.query.includes('query RespItems'))).toBe(false);
  });

  it('fixes a gap from the gaps view: the drawer opens on the item and says why; an unchanged save sends nothing', async () => {
    let update: GraphQLCall | undefined;
    const { client } = mockClient(
      respond({
        UpdateRespItem: (call) => {
          update = call;
          return { data: { updateResponsibilityItem: { ...unowned, responsibleDepartment: { __typename: 'Department', id: 'd3', name: '办公室' } } } };
        },
      }),
    );
    renderWith(<ResponsibilityPage />, { client, path: '/responsibility', initial: '/responsibility?tab=gaps' });
    const table = await screen.findByTestId('resp-gaps-table');
    fireEvent.click(within(table).getByTestId('resp-gap-fix'));
    const drawer = await screen.findByTestId('resp-drawer');
    expect(within(drawer).getByTestId('resp-fix-reason')).toHaveTextContent('请选择责任部门');
    expect(within(drawer).getByDisplayValue('车间漏雨')).toBeInTheDocument();
    // nothing changed: nothing is sent
    fireEvent.click(within(drawer).getByTestId('resp-save'));
    await screen.findByText('没有修改');
    expect(update).toBeUndefined();
  });

  it('shows a server error on its field (CONFLICT on input.title)', async () => {
    const { client, calls } = mockClient(
      respond({
        CreateRespItem: () => ({
          data: null,
          errors: [{ message: '该分类下已有同名事项 / an item with this category path and title exists', extensions: { code: 'CONFLICT', field: 'input.title' } }],
        }),
      }),
    );
    renderWith(<ResponsibilityPage />, { client, path: '/responsibility' });
    await screen.findByText('事项1');
    fireEvent.click(screen.getByTestId('resp-new'));
    const drawer = await screen.findByTestId('resp-drawer');
    fireEvent.change(within(drawer).getByTestId('resp-category').querySelector('input') ?? within(drawer).getByTestId('resp-category'), {
      target: { value: '设施设备/门窗' },
    });
    fireEvent.change(within(drawer).getByTestId('resp-title'), { target: { value: '门窗维修' } });
    fireEvent.click(within(drawer).getByTestId('resp-save'));
    expect(await within(drawer).findByText('该分类下已有同名事项')).toBeInTheDocument();
    const create = calls.find((c) => c.query.includes('mutation CreateRespItem'))!;
    expect(create.variables.input).toMatchObject({ title: '门窗维修', categoryPath: '设施设备/门窗', respondWithinHours: 4, resolveWithinDays: 5 });
  });

  it('delete asks first: an item tasks refer to cannot be deleted, and retiring it is offered instead', async () => {
    let retired: GraphQLCall | undefined;
    const { client, calls } = mockClient(
      respond({
        RespItem: () => ({ data: { node: { ...item('1'), deletable: false } } }),
        RetireRespItem: (call) => {
          retired = call;
          return { data: { retireResponsibilityItem: { ...item('1'), retired: true } } };
        },
      }),
    );
    renderWith(<ResponsibilityPage />, { client, path: '/responsibility' });
    const row = (await screen.findByText('事项1')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByTestId('resp-delete'));
    expect(await screen.findByText('该事项不能删除', { selector: '.ant-modal-confirm-title' })).toBeInTheDocument();
    expect(screen.getByText(/已有任务引用该事项/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '改为停用' }));
    await waitFor(() => expect(retired?.variables).toEqual({ id: '1' }));
    expect(calls.some((c) => c.query.includes('mutation DeleteRespItem'))).toBe(false);
  });

  it('a leader reads the synonym groups but cannot change them', async () => {
    login('LEADER');
    const { client } = mockClient(
      respond({
        SynonymGroups: () => ({
          data: {
            synonymGroups: {
              __typename: 'SynonymGroupConnection',
              totalCount: 1,
              pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
              edges: [{ __typename: 'SynonymGroupEdge', node: { __typename: 'SynonymGroup', id: 'g1', terms: ['下水道', '排水管道'], note: '', updatedAt: '2026-12-01T00:00:00Z' } }],
            },
          },
        }),
      }),
    );
    renderWith(<ResponsibilityPage />, { client, path: '/responsibility', initial: '/responsibility?tab=synonyms' });
    expect(await screen.findByText('排水管道')).toBeInTheDocument();
    expect(screen.getByText(/共用同义词由管理员维护/)).toBeInTheDocument();
    expect(screen.queryByTestId('syn-new')).toBeNull();
    expect(screen.queryByTestId('syn-delete')).toBeNull();
  });

  it('shows the error by code', async () => {
    const { client } = mockClient(respond({ RespItems: () => ({ data: null, errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] }) }));
    renderWith(<ResponsibilityPage />, { client, path: '/responsibility' });
    expect(await screen.findByTestId('error-message')).toHaveTextContent('您没有权限执行此操作。');
  });

  it('an empty list says what to do next', async () => {
    const { client } = mockClient(
      respond({
        RespItems: () => ({ data: { responsibilityItems: conn([]) } }),
        RespCategories: () => ({ data: { responsibilityItems: conn([]) } }),
      }),
    );
    renderWith(<ResponsibilityPage />, { client, path: '/responsibility' });
    expect(await screen.findByText('责任清单还是空的')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText(/用 Excel 模板批量导入/)).toBeInTheDocument());
  });
});
