import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockClient, renderWith } from '../../test/utils';
import AccountsList from './AccountsList';

function account(id: string, login: string, over: Record<string, unknown> = {}) {
  return {
    id,
    login,
    role: 'STAFF',
    disabled: false,
    mustChangePassword: false,
    lastLoginAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    staff: { id: `s${id}`, name: `干部${id}`, employeeNo: `E${id}`, position: '科员', department: { id: '2', name: '办公室' } },
    ...over,
  };
}

const list = {
  data: {
    accounts: {
      totalCount: 2,
      pageInfo: { hasNextPage: false, endCursor: 'c2' },
      edges: [{ node: account('1', 'zhou.min') }, { node: account('2', 'li.qiang', { disabled: true }) }],
    },
  },
};

describe('AccountsList', () => {
  it('resets a password only after confirming, and shows the one-time password it sent', async () => {
    const { client, calls } = mockClient((c) => {
      if (c.query.includes('mutation ResetPassword')) return { data: { resetPassword: { id: '1', mustChangePassword: true } } };
      return list;
    });
    renderWith(<AccountsList />, { client });
    const row = (await screen.findByText('zhou.min')).closest('tr')!;
    fireEvent.click(within(row).getByTestId('account-reset'));
    expect((await screen.findAllByText('重置 zhou.min 的密码？')).length).toBeGreaterThan(0);
    expect(calls.some((c) => c.query.includes('mutation ResetPassword'))).toBe(false);
    fireEvent.click(screen.getByTestId('confirm-reset'));
    const shown = await screen.findByTestId('password-zhou.min');
    const sent = calls.find((c) => c.query.includes('mutation ResetPassword'))!.variables as { id: string; password: string };
    expect(sent.id).toBe('1');
    expect(sent.password).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(shown).toHaveTextContent(sent.password);
    expect(screen.getByText('初始密码只显示这一次')).toBeInTheDocument();
    // Closing before copying or downloading asks first.
    fireEvent.click(screen.getByTestId('passwords-done'));
    expect(await screen.findByText('还没有复制或下载密码')).toBeInTheDocument();
  });

  it('disables after a confirmation that says sessions end, and offers enabling for a disabled one', async () => {
    const { client, calls } = mockClient((c) => {
      if (c.query.includes('mutation UpdateAccount')) return { data: { updateAccount: { id: '1', role: 'STAFF', disabled: true, staff: null } } };
      return list;
    });
    renderWith(<AccountsList />, { client });
    const disabledRow = (await screen.findByText('li.qiang')).closest('tr')!;
    expect(within(disabledRow).getByTestId('account-enable')).toBeInTheDocument();
    const row = screen.getByText('zhou.min').closest('tr')!;
    fireEvent.click(within(row).getByTestId('account-disable'));
    expect(await screen.findByText(/所有登录会话和接口令牌立即失效/)).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('confirm-disable'));
    await waitFor(() => {
      const call = calls.find((c) => c.query.includes('mutation UpdateAccount'));
      expect(call?.variables).toEqual({ id: '1', input: { disabled: true } });
    });
  });
});
