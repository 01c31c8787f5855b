import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MyRatingsPage from './MyRatingsPage';
import { mockClient, renderWith } from '../../test/utils';

function rating(over: Record<string, unknown> = {}) {
  return {
    id: 'r1',
    createdAt: '2026-11-20T02:00:00Z',
    score: 2,
    responsiveness: 1,
    resolution: 2,
    attitude: 3,
    comment: '三次未到位',
    anonymous: true,
    appealStatus: 'NONE',
    mine: true,
    targetDepartment: { id: 'd1', name: '物资供应部' },
    task: null,
    visit: null,
    rectification: {
      id: 'x1',
      status: 'ANSWERED',
      dueAt: '2026-12-18T00:00:00Z',
      answer: '已配送到位',
      answeredAt: '2026-11-25T00:00:00Z',
      verdict: null,
      judgedAt: null,
      reopenCount: 0,
      closedAt: null,
    },
    ...over,
  };
}

describe('MyRatingsPage', () => {
  it('shows the rectification and sends the rater’s verdict', async () => {
    const { client, calls } = mockClient((call) =>
      call.query.includes('mutation JudgeRectification')
        ? { data: { judgeRectification: { id: 'x1', status: 'CLOSED', verdict: 'SATISFIED', judgedAt: '2026-11-27T00:00:00Z', reopenCount: 0, dueAt: '2026-12-18T00:00:00Z', closedAt: '2026-11-27T00:00:00Z' } } }
        : { data: { myRatings: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: rating() }] } } },
    );
    renderWith(<MyRatingsPage />, { client, path: '/my-ratings' });
    const card = await screen.findByTestId('rating-card');
    expect(within(card).getByText('物资供应部')).toBeInTheDocument();
    expect(within(card).getByText('匿名')).toBeInTheDocument();
    expect(within(card).getByTestId('rect-status')).toHaveTextContent('待评价');
    expect(within(card).getByText('已配送到位')).toBeInTheDocument();
    await userEvent.click(within(card).getByTestId('judge-SATISFIED'));
    const judge = calls.find((c) => c.query.includes('mutation JudgeRectification'));
    expect(judge?.variables).toEqual({ id: 'x1', verdict: 'SATISFIED' });
  });

  it('offers no verdict on someone else’s or an open rectification', async () => {
    const { client } = mockClient(() => ({
      data: {
        myRatings: {
          totalCount: 2,
          pageInfo: { hasNextPage: false, endCursor: null },
          edges: [{ node: rating({ id: 'a', mine: false }) }, { node: rating({ id: 'b', rectification: { ...rating().rectification, status: 'OPEN' } }) }],
        },
      },
    }));
    renderWith(<MyRatingsPage />, { client, path: '/my-ratings' });
    expect(await screen.findAllByTestId('rating-card')).toHaveLength(2);
    expect(screen.queryByTestId('judge-buttons')).toBeNull();
  });

  it('has a designed empty state', async () => {
    const { client } = mockClient(() => ({ data: { myRatings: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } }));
    renderWith(<MyRatingsPage />, { client, path: '/my-ratings' });
    expect(await screen.findByText('还没有评价')).toBeInTheDocument();
  });
});
