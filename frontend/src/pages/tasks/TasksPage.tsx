import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Input, Select, Skeleton, Space, Typography } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  TasksDocument,
  type TaskStatus,
  type TaskWhereInput,
  type TasksQuery,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import { errorMessage } from '../../api/errors';
import TaskTable, { type TaskRow } from './TaskTable';

export const TASKS_PAGE_SIZE = 20;
const STATUSES: TaskStatus[] = ['NEW', 'ACCEPTED', 'IN_PROGRESS', 'DONE', 'CANCELLED'];

/** 工作任务: the viewer's visible tasks, by deadline, 20 a page with cursor paging. */
export default function TasksPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [searchInput, setSearchInput] = useState('');
  const [statuses, setStatuses] = useState<TaskStatus[]>([]);
  // cursors[i] is the `after` cursor of page i (page 0 starts at the beginning).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(0);

  const where = useMemo<TaskWhereInput | undefined>(() => {
    const w: TaskWhereInput = {};
    if (search.trim()) w.titleContains = search.trim();
    if (statuses.length > 0) w.statusIn = statuses;
    return Object.keys(w).length > 0 ? w : undefined;
  }, [search, statuses]);

  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TasksDocument,
    variables: { first: TASKS_PAGE_SIZE, after: cursors[page], where },
  });

  // Keep the previous page on screen while the next one loads.
  const last = useRef<TasksQuery | undefined>(undefined);
  if (data) last.current = data;
  const shown = data ?? last.current;

  const resetPaging = () => {
    setCursors([null]);
    setPage(0);
  };
  const filtered = where !== undefined;

  const header = (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('tasks.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('tasks.subtitle')}</Typography.Text>
      </div>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('tasks.searchPlaceholder')}
          style={{ width: 220 }}
          value={searchInput}
          onChange={(e) => setSearchInput(e.target.value)}
          onSearch={(v) => {
            setSearch(v);
            resetPaging();
          }}
        />
        <Select<TaskStatus[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('tasks.statusFilter')}
          style={{ minWidth: 200 }}
          value={statuses}
          onChange={(v) => {
            setStatuses(v);
            resetPaging();
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
        />
        <Button
          icon={<ReloadOutlined />}
          aria-label={t('tasks.refresh')}
          onClick={() => reexecute({ requestPolicy: 'network-only' })}
        />
      </Space>
    </Flex>
  );

  if (!shown) {
    return (
      <Card>
        {header}
        {error ? (
          <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
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
  const pages = Math.max(1, Math.ceil(total / TASKS_PAGE_SIZE));
  const hasNext = data ? !!conn.pageInfo.hasNextPage && !!conn.pageInfo.endCursor : false;

  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <>
          <Typography.Text strong>{t('tasks.emptyTitle')}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{t('tasks.emptyText')}</Typography.Text>
        </>
      }
    >
      {filtered && (
        <Button
          onClick={() => {
            setSearch('');
            setSearchInput('');
            setStatuses([]);
            resetPaging();
          }}
        >
          {t('tasks.clearFilters')}
        </Button>
      )}
    </Empty>
  );

  const footer =
    total > 0 ? (
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary" data-testid="tasks-total">
          {t('tasks.total', { count: total })}
        </Typography.Text>
        <Space>
          <Typography.Text type="secondary">{t('tasks.page', { page: page + 1, pages })}</Typography.Text>
          <Button
            size="small"
            icon={<VerticalRightOutlined />}
            aria-label={t('tasks.first')}
            disabled={page === 0 || fetching}
            onClick={() => setPage(0)}
          />
          <Button
            size="small"
            icon={<LeftOutlined />}
            disabled={page === 0 || fetching}
            onClick={() => setPage((p) => Math.max(0, p - 1))}
          >
            {t('tasks.prev')}
          </Button>
          <Button
            size="small"
            disabled={!hasNext || fetching}
            onClick={() => {
              const end = conn.pageInfo.endCursor;
              if (!end) return;
              setCursors((c) => [...c.slice(0, page + 1), end]);
              setPage((p) => p + 1);
            }}
          >
            {t('tasks.next')} <RightOutlined />
          </Button>
        </Space>
      </Flex>
    ) : undefined;

  return (
    <Card>
      {header}
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, error)}
          action={
            <Button size="small" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
              {t('errors.retry')}
            </Button>
          }
        />
      )}
      <TaskTable rows={rows} loading={fetching} empty={empty} footer={footer} />
    </Card>
  );
}
