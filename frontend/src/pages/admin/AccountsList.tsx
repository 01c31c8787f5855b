import { useMemo, useState } from 'react';
import { Alert, Flex, Input, Select, Skeleton, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { AccountsDocument, type AccountRole, type AccountWhereInput, type AccountsQuery } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import Pager from '../../components/Pager';
import { useCursorPaging, useSticky } from '../../hooks/paging';

type Account = NonNullable<NonNullable<NonNullable<AccountsQuery['accounts']['edges']>[number]>['node']>;
const PAGE = 20;
const ROLES: AccountRole[] = ['ADMIN', 'LEADER', 'STAFF', 'FRONTLINE'];
const ROLE_COLORS: Record<AccountRole, string> = { ADMIN: 'magenta', LEADER: 'gold', STAFF: 'blue', FRONTLINE: 'green' };

/** 账号与角色 (read-only: the API has no account-management mutations yet). */
export default function AccountsList() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<AccountRole | undefined>();
  const where = useMemo<AccountWhereInput | undefined>(() => {
    const w: AccountWhereInput = {};
    if (q.trim()) w.or = [{ loginContains: q.trim() }, { hasStaffWith: [{ nameContains: q.trim() }] }];
    if (role) w.role = role;
    return Object.keys(w).length ? w : undefined;
  }, [q, role]);
  const paging = useCursorPaging(JSON.stringify(where ?? null));
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AccountsDocument, variables: { first: PAGE, after: paging.after, where } });
  const shown = useSticky(data);
  if (!shown) return error ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : <Skeleton active />;
  const conn = shown.accounts;
  const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('accounts.readOnly')} />
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
      </Flex>
      <Table<Account>
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { key: 'login', title: t('accounts.login'), render: (_, a) => <Typography.Text code>{a.login}</Typography.Text> },
          { key: 'role', title: t('accounts.role'), width: 120, render: (_, a) => <Tag color={ROLE_COLORS[a.role]}>{t(`role.${a.role}`)}</Tag> },
          { key: 'staff', title: t('accounts.staff'), render: (_, a) => (a.staff ? `${a.staff.name}（${a.staff.employeeNo}）` : '—') },
          { key: 'dept', title: t('accounts.department'), render: (_, a) => a.staff?.department.name ?? '—' },
          {
            key: 'state',
            title: t('accounts.state'),
            width: 90,
            render: (_, a) => (a.disabled ? <Tag>{t('accounts.disabled')}</Tag> : <Tag color="green">{t('accounts.active')}</Tag>),
          },
          { key: 'last', title: t('accounts.lastLogin'), width: 150, render: (_, a) => (a.lastLoginAt ? dayjs(a.lastLoginAt).format('YYYY-MM-DD HH:mm') : '—') },
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
    </>
  );
}
