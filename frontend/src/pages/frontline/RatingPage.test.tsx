import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RatingPage from './RatingPage';
import { mockClient, renderWith } from '../../test/utils';

const departments = {
  data: {
    departments: {
      totalCount: 2,
      edges: [
        { node: { id: '1', name: '某机关', code: 'A', kind: 'AGENCY', parentID: null, sortOrder: 0, visitQuotaPerYear: 0 } },
        { node: { id: '2', name: '物资供应部', code: 'B', kind: 'AGENCY', parentID: '1', sortOrder: 1, visitQuotaPerYear: 4 } },
      ],
    },
  },
};

describe('RatingPage', () => {
  it('two stars: a bad rating — the dimensions follow, a comment and a department are required', async () => {
    const { client, calls } = mockClient(() => departments);
    renderWith(<RatingPage />, { client, path: '/rating' });
    await screen.findByTestId('rating-form');
    const stars = document.querySelectorAll('.ant-form-item')[1].querySelectorAll('li.ant-rate-star > div');
    await userEvent.click(stars[1] as HTMLElement);
    expect(await screen.findByTestId('score-label')).toHaveTextContent('不满意 · 差评，将生成整改');
    // every dimension follows the overall score until set by hand
    for (const d of ['responsiveness', 'resolution', 'attitude']) {
      expect(screen.getByTestId(`rate-${d}`).querySelectorAll('li.ant-rate-star-full')).toHaveLength(2);
    }
    await userEvent.click(screen.getByTestId('rate-submit'));
    expect(await screen.findByText('请选择被评价的部门')).toBeInTheDocument();
    expect(await screen.findByText('差评请写明原因，便于部门整改')).toBeInTheDocument();
    expect(calls.some((c) => c.query.includes('mutation SubmitRating'))).toBe(false);
  });
});
