import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockClient, renderWith } from '../../../test/utils';
import BulkAccounts from './BulkAccounts';

const people = {
  data: {
    staffMembers: {
      edges: [
        { node: { id: '51', name: '周敏', employeeNo: 'E9001', active: true, department: { id: '2', name: '办公室' } } },
        { node: { id: '52', name: '王五', employeeNo: 'E9005', active: false, department: { id: '2', name: '办公室' } } },
      ],
    },
  },
};

describe('BulkAccounts', () => {
  it('fills rows from pasted lines by employee number, and puts the server’s taken login on its row', async () => {
    const { client, calls } = mockClient((c) => {
      if (c.query.includes('query StaffByNumbers')) return people;
      if (c.query.includes('mutation CreateAccounts'))
        return {
          data: null,
          errors: [{ message: '登录名 ops 已存在 / login ops already taken', path: ['createAccounts'], extensions: { code: 'CONFLICT', field: 'inputs[1].login' } }],
        };
      return { data: {} };
    });
    const onCreated = vi.fn();
    renderWith(<BulkAccounts onClose={vi.fn()} onCreated={onCreated} />, { client });
    fireEvent.click(await screen.findByText('从 Excel 粘贴多行'));
    fireEvent.change(await screen.findByTestId('bulk-paste'), {
      target: { value: '账号\t工号\t角色\nzhou.min\tE9001\t机关干部\nops\nwang.wu\tE9005\nnobody\tE0000\t领导' },
    });
    fireEvent.click(screen.getByTestId('bulk-paste-fill'));
    expect(await screen.findByText('第 4 行：工号 E9005 的人员已离岗')).toBeInTheDocument();
    expect(screen.getByText('第 5 行：工号 E0000 不存在')).toBeInTheDocument();
    expect(calls.find((c) => c.query.includes('query StaffByNumbers'))!.variables).toEqual({ nos: ['E9001', 'E9005', 'E0000'] });
    // The first row shows the person found, not an id.
    expect(await screen.findByText('周敏（E9001）· 办公室')).toBeInTheDocument();
    const logins = screen.getAllByTestId('bulk-login') as HTMLInputElement[];
    expect(logins.map((i) => i.value)).toEqual(['zhou.min', 'ops', 'wang.wu', 'nobody']);

    // Rows without the person they need are stopped here; drop them and send the rest.
    fireEvent.click(screen.getByRole('button', { name: /开通并生成初始密码/ }));
    expect((await screen.findAllByText('该角色须关联人员')).length).toBe(2);
    fireEvent.click(screen.getAllByRole('button', { name: '删除' })[3]);
    fireEvent.click(screen.getAllByRole('button', { name: '删除' })[2]);
    fireEvent.click(screen.getByRole('button', { name: /开通并生成初始密码/ }));
    await waitFor(() =>
      expect(calls.find((c) => c.query.includes('mutation CreateAccounts'))?.variables).toEqual({
        inputs: [
          { login: 'zhou.min', role: 'STAFF', staff: '51' },
          { login: 'ops', role: 'ADMIN' },
        ],
      }),
    );
    const err = await screen.findByText('登录名 ops 已存在');
    expect(err.closest('[data-testid="bulk-row-1"]')).not.toBeNull();
    expect(onCreated).not.toHaveBeenCalled();
  });
});
