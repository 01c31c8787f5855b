import { useMemo, useState } from 'react';
import { Button, Flex, Input, Segmented, Skeleton, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { StaffListDocument, type StaffRowFragment } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import ExportButton from '../../components/ExportButton';
import Pager from '../../components/Pager';
import { useCursorPaging, useSticky } from '../../hooks/paging';
import { useAuth } from '../../auth/store';
import { DeptPicker, useOpenDepartments } from './people/pickers';
import StaffForm from './people/StaffForm';
import { lastDayBefore, shanghaiDay, staffWhere, type StaffFilters } from './people/logic';
import peopleTexts from '../../locales/features/people.json';
import { addTexts } from '../../locales/texts';

addTexts(peopleTexts);

const PAGE = 20;
const ORDER = { field: 'EMPLOYEE_NO', direction: 'ASC' } as const;

/** 干部: the staff list (search, department subtree, on duty or left), create and edit, export to Excel. */
export default function StaffTab() {
  const { t } = useTranslation();
  const { viewer } = useAuth();
  const depts = useOpenDepartments();
  const [q, setQ] = useState('');
  const [dept, setDept] = useState<string | undefined>();
  const [active, setActive] = useState<NonNullable<StaffFilters['active']>>('active');
  const [editing, setEditing] = useState<StaffRowFragment | 'new' | null>(null);
  // A LEADER sees (and maintains) the staff of their subtree; the directory at large is read elsewhere.
  const where = useMemo(() => staffWhere({ q, departments: dept ? depts.subtree(dept) : depts.scope, active }), [q, dept, active, depts]);
  const paging = useCursorPaging(JSON.stringify(where ?? null));
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: StaffListDocument,
    variables: { first: PAGE, after: paging.after, where },
    requestPolicy: 'cache-and-network',
    // A LEADER's list waits for their subtree.
    pause: viewer?.role === 'LEADER' && !depts.loaded,
  });
  const shown = useSticky(data);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const filtered = !!(q.trim() || dept || active !== 'active');

  const toolbar = (
    <Flex gap={8} wrap justify="space-between" style={{ marginBottom: 12 }}>
      <Flex gap={8} wrap>
        <Input.Search allowClear placeholder={t('people.staff.search')} style={{ width: 240 }} onSearch={setQ} data-testid="staff-search" />
        <DeptPicker value={dept} onChange={setDept} placeholder={t('people.staff.filterDepartment')} style={{ width: 220 }} testId="staff-filter-dept" />
        <Segmented
          value={active}
          onChange={(v) => setActive(v as typeof active)}
          options={[
            { value: 'active', label: t('people.staff.onDuty') },
            { value: 'inactive', label: t('people.staff.left') },
            { value: 'all', label: t('common.all') },
          ]}
        />
      </Flex>
      <Flex gap={8} wrap>
        <ExportButton table="staffMembers" where={where} orderBy={ORDER} label={t('people.staff.export')} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="staff-create">
          {t('people.staff.create')}
        </Button>
      </Flex>
    </Flex>
  );

  let body;
  if (!shown)
    body =
      error || depts.error ? (
        <ErrorState
          error={error ?? depts.error}
          onRetry={() => {
            depts.retry();
            refresh();
          }}
        />
      ) : (
        <Skeleton active />
      );
  else {
    const conn = shown.staffMembers;
    const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
    body = (
      <Table<StaffRowFragment>
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        data-testid="staff-table"
        locale={{
          emptyText: filtered ? (
            <EmptyState title={t('people.staff.noMatchTitle')} text={t('people.staff.noMatchText')} />
          ) : (
            <EmptyState title={t('people.staff.emptyTitle')} text={t('people.staff.emptyText')}>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                {t('people.staff.create')}
              </Button>
            </EmptyState>
          ),
        }}
        columns={[
          { key: 'no', title: t('people.staff.employeeNo'), width: 110, render: (_, s) => <Typography.Text code>{s.employeeNo}</Typography.Text> },
          {
            key: 'name',
            title: t('people.staff.name'),
            width: 140,
            render: (_, s) => (
              <Flex gap={4} align="center" wrap>
                <span>{s.name}</span>
                {!s.active && <Tag>{t('people.staff.left')}</Tag>}
              </Flex>
            ),
          },
          { key: 'dept', title: t('people.staff.department'), render: (_, s) => s.department.name },
          { key: 'position', title: t('people.staff.positionRank'), render: (_, s) => [s.position, s.rank].filter(Boolean).join(' · ') || '—' },
          {
            key: 'capacity',
            title: t('people.staff.capacityShort'),
            width: 110,
            align: 'right',
            render: (_, s) => (s.weeklyCapacityHours === 0 ? <Tag>{t('people.staff.notCounted')}</Tag> : `${s.weeklyCapacityHours} ${t('common.hours')}`),
          },
          { key: 'mentor', title: t('people.staff.mentor'), width: 110, render: (_, s) => s.mentor?.name ?? '—' },
          {
            key: 'secondment',
            title: t('people.staff.secondment'),
            render: (_, s) =>
              s.secondedTo ? (
                <Flex vertical>
                  <span>{s.secondedTo.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {shanghaiDay(s.secondmentFrom) ?? t('people.staff.openEnded')} ~ {lastDayBefore(s.secondmentTo) ?? t('people.staff.openEnded')}
                  </Typography.Text>
                </Flex>
              ) : (
                '—'
              ),
          },
          {
            key: 'actions',
            title: t('accounts.actions'),
            width: 90,
            fixed: 'right',
            render: (_, s) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)} data-testid="staff-edit">
                {t('people.common.edit')}
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
    );
  }

  return (
    <div data-testid="staff-tab">
      {toolbar}
      {body}
      {editing && (
        <StaffForm
          staff={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) refresh();
          }}
        />
      )}
    </div>
  );
}
