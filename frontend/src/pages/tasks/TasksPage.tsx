import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Input,
  Select,
  Skeleton,
  Space,
  Switch,
  Tabs,
  TreeSelect,
  Typography,
} from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { TasksDocument } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import { useSetupGap } from '../setup/SetupGap';
import ExportButton from '../../components/ExportButton';
import Pager from '../../components/Pager';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth/store';
import { useDepartments } from '../../hooks/org';
import { useCursorPaging, useSticky } from '../../hooks/paging';
import TaskTable, { type TaskRow } from './TaskTable';
import {
  hasFilters,
  KINDS,
  readFilters,
  STATUSES,
  taskWhere,
  writeFilters,
  type DeptRole,
  type TaskFilters,
  type TaskView,
} from './filters';

export const TASKS_PAGE_SIZE = 20;
const ORDER = { field: 'DUE_AT', direction: 'ASC' } as const;

/**
 * 工作任务 (and, for a frontline unit, 我的诉求): the viewer's visible tasks by deadline, 20 a page,
 * filters kept in the URL (so the cockpit can link to a filtered list), export to Excel.
 */
export default function TasksPage({ mode = 'tasks' }: { mode?: 'tasks' | 'requests' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { viewer } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const [now, setNow] = useState(() => new Date());
  const depts = useDepartments();
  const [searchInput, setSearchInput] = useState(filters.q);
  const agencyView = mode === 'tasks';

  const me = {
    staffId: viewer?.staff?.id ?? null,
    departmentId: viewer?.staff?.department?.id ?? viewer?.department?.id ?? null,
  };
  const where = useMemo(
    () => taskWhere(filters, me, now),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filters, me.staffId, me.departmentId, now],
  );
  const whereKey = JSON.stringify(where ?? null);
  const paging = useCursorPaging(whereKey);

  // No tasks can exist before the organisation does: the empty list says what is missing.
  const gap = useSetupGap(['agency', 'departments', 'staff']);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TasksDocument,
    variables: { first: TASKS_PAGE_SIZE, after: paging.after, where, ...(agencyView ? {} : { withHours: false }) },
  });
  const shown = useSticky(data);

  const update = (patch: Partial<TaskFilters>) => {
    setParams(writeFilters({ ...filters, ...patch }), { replace: true });
  };
  const refresh = () => {
    setNow(new Date());
    reexecute({ requestPolicy: 'network-only' });
  };

  const title = agencyView ? t('tasks.title') : t('requests.title');
  const subtitle = agencyView ? t('tasks.subtitle') : t('requests.subtitle');

  const toolbar = (
    <Flex vertical gap={12} style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          <Typography.Text type="secondary">{subtitle}</Typography.Text>
        </div>
        <Space wrap>
          <ExportButton table="tasks" where={where} orderBy={ORDER} />
          <Button icon={<ReloadOutlined />} aria-label={t('tasks.refresh')} onClick={refresh} />
        </Space>
      </Flex>
      {agencyView && viewer && (
        <Tabs
          activeKey={filters.view}
          onChange={(k) => update({ view: k as TaskView })}
          style={{ marginBottom: -12 }}
          items={[
            { key: 'all', label: t('tasks.view.all') },
            ...(viewer.staff ? [{ key: 'mine', label: t('tasks.view.mine') }] : []),
            ...(me.departmentId ? [{ key: 'dept', label: t('tasks.view.dept') }] : []),
          ]}
        />
      )}
      <Flex wrap gap={8} align="center" data-testid="task-filters">
        <Input.Search
          allowClear
          placeholder={t('tasks.searchPlaceholder')}
          style={{ width: 200 }}
          value={searchInput}
          onChange={(e) => setSearchInput(e.target.value)}
          onSearch={(v) => update({ q: v.trim() })}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('tasks.statusFilter')}
          style={{ minWidth: 160 }}
          value={filters.status}
          onChange={(v) => update({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('tasks.kindFilter')}
          style={{ minWidth: 160 }}
          value={filters.kind}
          onChange={(v) => update({ kind: v })}
          options={KINDS.map((k) => ({ value: k, label: t(`taskKind.${k}`) }))}
        />
        {agencyView && (
          <Space.Compact>
            <Select<DeptRole>
              value={filters.deptRole}
              style={{ width: 104 }}
              onChange={(v) => update({ deptRole: v })}
              options={(['lead', 'co', 'any'] as const).map((r) => ({ value: r, label: t(`tasks.deptRole.${r}`) }))}
            />
            <TreeSelect
              allowClear
              showSearch
              treeDefaultExpandAll
              treeNodeFilterProp="title"
              placeholder={t('tasks.deptFilter')}
              style={{ width: 190 }}
              value={filters.dept ?? undefined}
              onChange={(v) => update({ dept: (v as string | undefined) ?? null })}
              treeData={depts.agencyTree}
              loading={depts.fetching}
            />
          </Space.Compact>
        )}
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          placeholder={[t('tasks.dueFrom'), t('tasks.dueTo')]}
          style={{ width: 250 }}
          value={[filters.dueFrom ? dayjs(filters.dueFrom) : null, filters.dueTo ? dayjs(filters.dueTo) : null]}
          onChange={(v) =>
            update({
              dueFrom: v?.[0] ? v[0].format('YYYY-MM-DD') : null,
              dueTo: v?.[1] ? v[1].format('YYYY-MM-DD') : null,
            })
          }
        />
        <Space size={6}>
          <Switch size="small" checked={filters.overdue} onChange={(c) => update({ overdue: c })} aria-label={t('tasks.overdueOnly')} />
          <Typography.Text>{t('tasks.overdueOnly')}</Typography.Text>
        </Space>
        {hasFilters(filters) && (
          <Button
            type="link"
            onClick={() => {
              setSearchInput('');
              setParams(writeFilters({ ...readFilters(new URLSearchParams()), view: filters.view }), { replace: true });
            }}
          >
            {t('tasks.clearFilters')}
          </Button>
        )}
      </Flex>
    </Flex>
  );

  if (!shown) {
    return (
      <Card>
        {toolbar}
        {error ? (
          <ErrorState error={error} onRetry={refresh} />
        ) : (
          <div data-testid="tasks-loading">
            <Skeleton active paragraph={{ rows: 8 }} />
          </div>
        )}
      </Card>
    );
  }

  const conn = shown.tasks;
  const rows: TaskRow[] = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const total = conn.totalCount;
  const hasNext = data ? !!conn.pageInfo.hasNextPage && !!conn.pageInfo.endCursor : false;

  const empty = gap ?? (
    <EmptyState title={t('tasks.emptyTitle')} text={t('tasks.emptyText')}>
      {hasFilters(filters) && (
        <Button
          onClick={() => {
            setSearchInput('');
            setParams(new URLSearchParams(), { replace: true });
          }}
        >
          {t('tasks.clearFilters')}
        </Button>
      )}
    </EmptyState>
  );

  const footer =
    total > 0 ? (
      <Pager
        total={total}
        page={paging.page}
        pageSize={TASKS_PAGE_SIZE}
        hasNext={hasNext}
        busy={fetching}
        testId="tasks-total"
        onFirst={paging.first}
        onPrev={paging.prev}
        onNext={() => paging.next(conn.pageInfo.endCursor)}
      />
    ) : undefined;

  return (
    <Card>
      {toolbar}
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, error)}
          action={
            <Button size="small" onClick={refresh}>
              {t('errors.retry')}
            </Button>
          }
        />
      )}
      <TaskTable
        rows={rows}
        loading={fetching}
        empty={empty}
        footer={footer}
        showHours={agencyView}
        onOpen={(task) => navigate(`${agencyView ? '/tasks' : '/requests'}/${task.id}`)}
      />
    </Card>
  );
}
