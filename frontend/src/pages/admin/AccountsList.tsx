import { useMemo, useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Select, Skeleton, Switch, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  AccountsDocument,
  CreateAccountDocument,
  ResetPasswordDocument,
  StaffSearchDocument,
  UpdateAccountDocument,
  type AccountRole,
  type AccountWhereInput,
  type AccountsQuery,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import Pager from '../../components/Pager';
import { errorMessage } from '../../api/errors';
import { useCursorPaging, useSticky } from '../../hooks/paging';

type Account = NonNullable<NonNullable<NonNullable<AccountsQuery['accounts']['edges']>[number]>['node']>;
const PAGE = 20;
const ROLES: AccountRole[] = ['ADMIN', 'LEADER', 'STAFF', 'FRONTLINE'];

/** 账号与角色: the admin creates accounts, changes roles, disables them and resets passwords. */
export default function AccountsList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<AccountRole | undefined>();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<Account | null>(null);
  const where = useMemo<AccountWhereInput | undefined>(() => {
    const w: AccountWhereInput = {};
    if (q.trim()) w.or = [{ loginContains: q.trim() }, { hasStaffWith: [{ nameContains: q.trim() }] }];
    if (role) w.role = role;
    return Object.keys(w).length ? w : undefined;
  }, [q, role]);
  const paging = useCursorPaging(JSON.stringify(where ?? null));
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AccountsDocument, variables: { first: PAGE, after: paging.after, where } });
  const [, update] = useMutation(UpdateAccountDocument);
  const shown = useSticky(data);
  if (!shown) return error ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : <Skeleton active />;
  const conn = shown.accounts;
  const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const change = async (a: Account, input: { role?: AccountRole; disabled?: boolean }) => {
    const r = await update({ id: a.id, input });
    if (r.error) message.error(errorMessage(t, r.error));
    else message.success(t('accounts.saved'));
  };
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('accounts.search')} style={{ width: 240 }} onSearch={setQ} />
        <Select<AccountRole>
          allowClear
          placeholder={t('accounts.role')}
          style={{ width: 160 }}
          value={role}
          onChange={setRole}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('accounts.create')}
        </Button>
      </Flex>
      <Table<Account>
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { key: 'login', title: t('accounts.login'), render: (_, a) => <Typography.Text code>{a.login}</Typography.Text> },
          {
            key: 'role',
            title: t('accounts.role'),
            width: 150,
            render: (_, a) => (
              <Select<AccountRole>
                size="small"
                value={a.role}
                style={{ width: 130 }}
                onChange={(v) => void change(a, { role: v })}
                options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              />
            ),
          },
          { key: 'staff', title: t('accounts.staff'), render: (_, a) => (a.staff ? `${a.staff.name}（${a.staff.employeeNo}）` : '—') },
          { key: 'dept', title: t('accounts.department'), render: (_, a) => a.staff?.department.name ?? '—' },
          {
            key: 'state',
            title: t('accounts.state'),
            width: 110,
            render: (_, a) => (
              <Switch
                size="small"
                checked={!a.disabled}
                checkedChildren={t('accounts.active')}
                unCheckedChildren={t('accounts.disabled')}
                onChange={(on) => void change(a, { disabled: !on })}
              />
            ),
          },
          { key: 'last', title: t('accounts.lastLogin'), width: 150, render: (_, a) => (a.lastLoginAt ? dayjs(a.lastLoginAt).format('YYYY-MM-DD HH:mm') : '—') },
          {
            key: 'actions',
            title: t('accounts.actions'),
            width: 110,
            render: (_, a) => (
              <Button size="small" onClick={() => setResetting(a)}>
                {t('accounts.resetPassword')}
              </Button>
            ),
          },
        ]}
        footer={() => (
          <Pager
            total={conn.totalCount}
            page={paging.page}
            pageSize={PAGE}
            hasNext={!!data && !!conn.pageInfo.hasNextPage}
            busy={fetching}
            onFirst={paging.first}
            onPrev={paging.prev}
            onNext={() => paging.next(conn.pageInfo.endCursor)}
          />
        )}
      />
      {creating && <CreateAccountModal onClose={(done) => { setCreating(false); if (done) reexecute({ requestPolicy: 'network-only' }); }} />}
      {resetting && <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}

function CreateAccountModal({ onClose }: { onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ login: string; password: string; role: AccountRole; staff?: string }>();
  const [search, setSearch] = useState('');
  const [staff] = useQuery({ query: StaffSearchDocument, variables: { where: { nameContains: search.trim() }, first: 20 }, pause: !search.trim() });
  const [res, create] = useMutation(CreateAccountDocument);
  return (
    <Modal open title={t('accounts.create')} onCancel={() => onClose(false)} onOk={() => form.submit()} confirmLoading={res.fetching}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ role: 'STAFF' }}
        onFinish={async (v) => {
          const r = await create({ input: { login: v.login.trim(), password: v.password, role: v.role, staff: v.staff } });
          if (r.error) return void message.error(errorMessage(t, r.error));
          message.success(t('accounts.saved'));
          onClose(true);
        }}
      >
        <Form.Item name="login" label={t('accounts.login')} rules={[{ required: true, whitespace: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('accounts.password')} extra={t('accounts.passwordHint')} rules={[{ required: true, min: 8 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="staff" label={t('accounts.staff')}>
          <Select
            allowClear
            showSearch
            filterOption={false}
            onSearch={setSearch}
            placeholder={t('accounts.staffSearch')}
            notFoundContent={null}
            options={(staff.data?.staffMembers.edges ?? []).flatMap((e) =>
              e?.node ? [{ value: e.node.id, label: `${e.node.name} · ${e.node.department.name}` }] : [],
            )}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ account, onClose }: { account: Account; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [res, reset] = useMutation(ResetPasswordDocument);
  return (
    <Modal open title={`${t('accounts.resetPassword')} · ${account.login}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={res.fetching}>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const r = await reset({ id: account.id, password: v.password });
          if (r.error) return void message.error(errorMessage(t, r.error));
          message.success(t('accounts.saved'));
          onClose();
        }}
      >
        <Form.Item name="password" label={t('accounts.newPassword')} extra={t('accounts.passwordHint')} rules={[{ required: true, min: 8 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
