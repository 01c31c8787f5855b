import { useMemo, useState } from 'react';
import { App, Button, Dropdown, Flex, Form, Input, Modal, Segmented, Select, Skeleton, Table, Tag, Typography, type ButtonProps } from 'antd';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  AccountsDocument,
  ResetPasswordDocument,
  UpdateAccountDocument,
  type AccountRole,
  type AccountWhereInput,
  type AccountsQuery,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import Pager from '../../components/Pager';
import { errorMessage } from '../../api/errors';
import { useCursorPaging, useSticky } from '../../hooks/paging';
import BulkAccounts, { ROLES } from '../org/people/BulkAccounts';
import OneTimePasswords from '../org/people/OneTimePasswords';
import { PersonPicker } from '../org/people/pickers';
import { generatePassword, needsStaff, type HandOut } from '../org/people/logic';
import { showServerError } from '../org/people/formErrors';
import peopleTexts from '../../locales/features/people.json';
import { addTexts } from '../../locales/texts';

addTexts(peopleTexts);

type Account = NonNullable<NonNullable<NonNullable<AccountsQuery['accounts']['edges']>[number]>['node']>;
const PAGE = 20;

/**
 * 账号与角色: accounts created in bulk with one-time passwords, roles, the person each belongs to,
 * disabling and enabling (sessions end at once), password resets (a one-time password shown once).
 */
export default function AccountsList() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<AccountRole | undefined>();
  const [state, setState] = useState<'all' | 'enabled' | 'disabled'>('all');
  const [creating, setCreating] = useState(false);
  const [linking, setLinking] = useState<Account | null>(null);
  const [handOut, setHandOut] = useState<{ rows: HandOut[]; title: string } | null>(null);
  const where = useMemo<AccountWhereInput | undefined>(() => {
    const w: AccountWhereInput = {};
    if (q.trim()) w.or = [{ loginContains: q.trim() }, { hasStaffWith: [{ nameContains: q.trim() }] }, { hasStaffWith: [{ employeeNoContains: q.trim() }] }];
    if (role) w.role = role;
    if (state !== 'all') w.disabled = state === 'disabled';
    return Object.keys(w).length ? w : undefined;
  }, [q, role, state]);
  const paging = useCursorPaging(JSON.stringify(where ?? null));
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AccountsDocument, variables: { first: PAGE, after: paging.after, where } });
  const [, update] = useMutation(UpdateAccountDocument);
  const [, reset] = useMutation(ResetPasswordDocument);
  const shown = useSticky(data);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  const change = async (a: Account, input: { role?: AccountRole; disabled?: boolean; staff?: string | null }, done: string) => {
    const r = await update({ id: a.id, input });
    if (r.error) {
      message.error(errorMessage(t, r.error));
      return false;
    }
    message.success(done);
    refresh();
    return true;
  };
  const confirmDisable = (a: Account) =>
    modal.confirm({
      title: t('people.accounts.disableTitle', { login: a.login }),
      content: t('people.accounts.disableText', { who: a.staff?.name ?? a.login }),
      okText: t('accounts.disable'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-disable' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () => change(a, { disabled: true }, t('people.accounts.disabledDone', { login: a.login })),
    });
  const confirmEnable = (a: Account) =>
    modal.confirm({
      title: t('people.accounts.enableTitle', { login: a.login }),
      content: t('people.accounts.enableText'),
      okText: t('accounts.enable'),
      cancelText: t('common.cancel'),
      onOk: () => change(a, { disabled: false }, t('people.accounts.enabledDone', { login: a.login })),
    });
  const confirmReset = (a: Account) =>
    modal.confirm({
      title: t('people.accounts.resetTitle', { login: a.login }),
      content: t('people.accounts.resetText'),
      okText: t('accounts.resetPassword'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-reset' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: async () => {
        const password = generatePassword();
        const r = await reset({ id: a.id, password });
        if (r.error) {
          message.error(errorMessage(t, r.error));
          return;
        }
        setHandOut({
          title: t('people.accounts.resetDoneTitle', { login: a.login }),
          rows: [{ login: a.login, role: a.role, name: a.staff?.name, employeeNo: a.staff?.employeeNo, password }],
        });
        refresh();
      },
    });
  const confirmUnlink = (a: Account) =>
    modal.confirm({
      title: t('people.accounts.unlinkTitle', { login: a.login }),
      content: t('people.accounts.unlinkText', { name: a.staff?.name ?? '' }),
      okText: t('people.accounts.unlink'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => change(a, { staff: null }, t('accounts.saved')),
    });
  const confirmRole = (a: Account, to: AccountRole) => {
    if (needsStaff(to) && !a.staff) {
      message.error(t('people.accounts.roleNeedsStaff', { role: t(`role.${to}`) }));
      return;
    }
    modal.confirm({
      title: t('people.accounts.roleTitle', { login: a.login }),
      content: t('people.accounts.roleText', { from: t(`role.${a.role}`), to: t(`role.${to}`) }),
      okText: t('common.save'),
      cancelText: t('common.cancel'),
      onOk: () => change(a, { role: to }, t('accounts.saved')),
    });
  };

  const toolbar = (
    <Flex gap={8} wrap justify="space-between" style={{ marginBottom: 12 }}>
      <Flex gap={8} wrap>
        <Input.Search allowClear placeholder={t('people.accounts.search')} style={{ width: 240 }} onSearch={setQ} data-testid="accounts-search" />
        <Select<AccountRole>
          allowClear
          placeholder={t('accounts.role')}
          style={{ width: 160 }}
          value={role}
          onChange={setRole}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <Segmented
          value={state}
          onChange={(v) => setState(v as typeof state)}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'enabled', label: t('accounts.active') },
            { value: 'disabled', label: t('accounts.disabled') },
          ]}
        />
      </Flex>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="accounts-create">
        {t('people.accounts.bulkTitle')}
      </Button>
    </Flex>
  );

  let body;
  if (!shown) body = error ? <ErrorState error={error} onRetry={refresh} /> : <Skeleton active />;
  else {
    const conn = shown.accounts;
    const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
    body = (
      <Table<Account>
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        data-testid="accounts-table"
        locale={{
          emptyText: where ? (
            <EmptyState title={t('people.accounts.noMatchTitle')} text={t('people.accounts.noMatchText')} />
          ) : (
            <EmptyState title={t('people.accounts.emptyTitle')} text={t('people.accounts.emptyText')} />
          ),
        }}
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
                onChange={(v) => confirmRole(a, v)}
                options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              />
            ),
          },
          { key: 'staff', title: t('accounts.staff'), render: (_, a) => (a.staff ? `${a.staff.name}（${a.staff.employeeNo}）` : '—') },
          { key: 'dept', title: t('accounts.department'), render: (_, a) => a.staff?.department.name ?? '—' },
          {
            key: 'state',
            title: t('accounts.state'),
            width: 150,
            render: (_, a) => (
              <Flex gap={4} wrap>
                {a.disabled ? <Tag color="red">{t('accounts.disabled')}</Tag> : <Tag color="green">{t('accounts.active')}</Tag>}
                {a.mustChangePassword && <Tag color="gold">{t('people.accounts.mustChange')}</Tag>}
              </Flex>
            ),
          },
          { key: 'last', title: t('accounts.lastLogin'), width: 150, render: (_, a) => (a.lastLoginAt ? dayjs(a.lastLoginAt).format('YYYY-MM-DD HH:mm') : '—') },
          {
            key: 'actions',
            title: t('accounts.actions'),
            width: 280,
            fixed: 'right',
            render: (_, a) => (
              <Flex gap={6}>
                {a.disabled ? (
                  <Button size="small" onClick={() => confirmEnable(a)} data-testid="account-enable">
                    {t('accounts.enable')}
                  </Button>
                ) : (
                  <Button size="small" danger onClick={() => confirmDisable(a)} data-testid="account-disable">
                    {t('accounts.disable')}
                  </Button>
                )}
                <Button size="small" onClick={() => confirmReset(a)} data-testid="account-reset">
                  {t('accounts.resetPassword')}
                </Button>
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      { key: 'link', label: a.staff ? t('people.accounts.relink') : t('people.accounts.link') },
                      ...(a.staff && a.role === 'ADMIN' ? [{ key: 'unlink', danger: true, label: t('people.accounts.unlink') }] : []),
                    ],
                    onClick: ({ key }) => (key === 'link' ? setLinking(a) : confirmUnlink(a)),
                  }}
                >
                  <Button size="small" aria-label={t('people.accounts.more')}>
                    <DownOutlined />
                  </Button>
                </Dropdown>
              </Flex>
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
    );
  }

  return (
    <div data-testid="accounts-tab">
      {toolbar}
      {body}
      {creating && (
        <BulkAccounts
          onClose={() => setCreating(false)}
          onCreated={(rows) => {
            setCreating(false);
            setHandOut({ rows, title: t('people.accounts.createdTitle', { count: rows.length }) });
            refresh();
          }}
        />
      )}
      {linking && (
        <LinkStaffModal
          account={linking}
          onClose={(saved) => {
            setLinking(null);
            if (saved) refresh();
          }}
        />
      )}
      {handOut && <OneTimePasswords rows={handOut.rows} title={handOut.title} onClose={() => setHandOut(null)} />}
    </div>
  );
}

/** 关联人员: the person an account belongs to (an active staff member). */
function LinkStaffModal({ account, onClose }: { account: Account; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ staff: string }>();
  const [res, update] = useMutation(UpdateAccountDocument);
  return (
    <Modal
      open
      title={t('people.accounts.linkTitle', { login: account.login })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ staff: account.staff?.id }}
        onFinish={async (v) => {
          const r = await update({ id: account.id, input: { staff: v.staff } });
          if (r.error) return void showServerError(form, r.error, ['staff'], t, (text) => message.error(text));
          message.success(t('accounts.saved'));
          onClose(true);
        }}
      >
        <Form.Item name="staff" label={t('accounts.staff')} extra={t('people.accounts.linkHint')} rules={[{ required: true, message: t('people.accounts.staffRequired') }]}>
          <PersonPicker initialLabel={account.staff ? `${account.staff.name}（${account.staff.employeeNo}）` : null} testId="link-staff" withAccounts />
        </Form.Item>
      </Form>
    </Modal>
  );
}
