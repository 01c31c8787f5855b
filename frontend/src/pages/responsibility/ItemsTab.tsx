import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Col,
  Empty,
  Flex,
  Input,
  Row,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Tree,
  TreeSelect,
  Typography,
} from 'antd';
import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { RespItemsDocument, RespSearchDocument, type RespSearchQuery } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import Pager from '../../components/Pager';
import { errorMessage } from '../../api/errors';
import { useCursorPaging, useSticky } from '../../hooks/paging';
import type { DeptTreeNode } from '../../hooks/org';
import ItemActions from './ItemActions';
import { categoryTree, itemWhere, type CategoryNode, type Item, type ItemFilters } from './model';
import respTexts from '../../locales/features/resp.json';
import { addTexts } from '../../locales/texts';

addTexts(respTexts);

export const ITEMS_PAGE = 20;

type Match = RespSearchQuery['findResponsible'][number];

interface Props {
  filters: ItemFilters;
  update: (patch: Partial<ItemFilters>) => void;
  categories: { paths: string[]; activePaths: string[]; fetching: boolean };
  deptTree: DeptTreeNode[];
  onEdit: (item: Item) => void;
  onCreate: () => void;
  onChanged: () => void;
  /** Changes when the list changed (a delete: no typename tells the cache): load the page again. */
  reload?: number;
}

function treeData(nodes: CategoryNode[]): { key: string; title: React.ReactNode; children: ReturnType<typeof treeData> }[] {
  return nodes.map((n) => ({
    key: n.key,
    title: (
      <span data-testid={`resp-cat-${n.key}`}>
        {n.title} <Typography.Text type="secondary">({n.count})</Typography.Text>
      </span>
    ),
    children: treeData(n.children),
  }));
}

/** The first level open, and the levels above the category chosen. */
function expandedAtStart(tree: { key: string }[], cat: string | null): string[] {
  const keys = tree.map((n) => n.key);
  if (cat) {
    const levels = cat.split('/');
    for (let i = 1; i < levels.length; i++) keys.push(levels.slice(0, i).join('/'));
  }
  return keys;
}

export function Terms({ keywords, synonyms, highlight = [] }: { keywords?: string[] | null; synonyms?: string[] | null; highlight?: string[] }) {
  const { t } = useTranslation();
  const words = [...(keywords ?? []).map((w) => ({ w, syn: false })), ...(synonyms ?? []).map((w) => ({ w, syn: true }))];
  const shown = words.slice(0, 8);
  return (
    <Flex wrap gap={4}>
      {shown.map(({ w, syn }) => (
        <Tooltip key={`${syn}-${w}`} title={syn ? t('resp.field.synonyms') : t('resp.field.keywords')}>
          <Tag color={highlight.includes(w) ? 'gold' : syn ? 'cyan' : undefined} style={{ marginInlineEnd: 0 }}>
            {w}
          </Tag>
        </Tooltip>
      ))}
      {words.length > shown.length && <Tag style={{ marginInlineEnd: 0 }}>+{words.length - shown.length}</Tag>}
      {words.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
    </Flex>
  );
}

export function ItemTitle({ item, highlight = [] }: { item: Item; highlight?: string[] }) {
  const { t } = useTranslation();
  return (
    <div style={{ minWidth: 0 }}>
      <Flex gap={4} wrap align="center">
        <Typography.Text strong style={highlight.includes(item.title) ? { background: '#fff1b8' } : undefined}>
          {item.title}
        </Typography.Text>
        {item.list !== 'RESPONSIBILITY' && <Tag>{t(`itemList.${item.list}`)}</Tag>}
        {item.retired && (
          <Tag color="default" data-testid="resp-retired-tag">
            {t('resp.retired')}
          </Tag>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {item.categoryPath.split('/').join(' › ')}
      </Typography.Text>
    </div>
  );
}

export function Responsible({ item }: { item: Item }) {
  const { t } = useTranslation();
  return item.responsibleDepartment ? (
    <span>{item.responsibleDepartment.name}</span>
  ) : (
    <Tag color="red" data-testid="resp-unowned-tag">
      {t('resp.gaps.unowned')}
    </Tag>
  );
}

/** 事项: the list by category path, filterable by category, department and state; a 找谁办 trial search. */
export default function ItemsTab({ filters, update, categories, deptTree, onEdit, onCreate, onChanged, reload = 0 }: Props) {
  const { t } = useTranslation();
  const [searchInput, setSearchInput] = useState(filters.q);
  const where = useMemo(() => itemWhere(filters), [filters]);
  const paging = useCursorPaging(JSON.stringify(where ?? null));
  const searching = filters.q.trim() !== '';
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: RespItemsDocument,
    variables: { first: ITEMS_PAGE, after: paging.after, where },
    pause: searching,
  });
  const shown = useSticky(data);
  useEffect(() => {
    if (reload > 0 && !searching) reexecute({ requestPolicy: 'network-only' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reload]);
  const tree = useMemo(
    () => treeData(categoryTree(filters.retired ? categories.paths : categories.activePaths)),
    [categories.paths, categories.activePaths, filters.retired],
  );
  const hasFilters = !!(filters.cat || filters.dept || filters.unowned);

  const toolbar = (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }} data-testid="resp-filters">
      <Input.Search
        allowClear
        style={{ width: 300 }}
        placeholder={t('resp.searchPlaceholder')}
        enterButton={<SearchOutlined />}
        value={searchInput}
        onChange={(e) => setSearchInput(e.target.value)}
        onSearch={(v) => update({ q: v.trim() })}
        data-testid="resp-search"
        maxLength={100}
      />
      <TreeSelect
        allowClear
        showSearch
        treeDefaultExpandAll
        treeNodeFilterProp="title"
        placeholder={t('resp.deptFilter')}
        style={{ width: 200 }}
        value={filters.dept ?? undefined}
        disabled={filters.unowned || searching}
        onChange={(v) => update({ dept: (v as string | undefined) ?? null })}
        treeData={deptTree}
        data-testid="resp-dept-filter"
      />
      <Space size={6}>
        <Switch size="small" checked={filters.unowned} disabled={searching} onChange={(c) => update({ unowned: c })} aria-label={t('resp.unownedOnly')} data-testid="resp-unowned-only" />
        <Typography.Text>{t('resp.unownedOnly')}</Typography.Text>
      </Space>
      <Space size={6}>
        <Switch size="small" checked={filters.retired} disabled={searching} onChange={(c) => update({ retired: c })} aria-label={t('resp.showRetired')} data-testid="resp-show-retired" />
        <Typography.Text>{t('resp.showRetired')}</Typography.Text>
      </Space>
      {hasFilters && !searching && (
        <Button type="link" onClick={() => update({ cat: null, dept: null, unowned: false })}>
          {t('resp.clearFilters')}
        </Button>
      )}
      <div style={{ flex: 1 }} />
      <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="resp-new">
        {t('resp.new')}
      </Button>
    </Flex>
  );

  const columns = [
    { key: 'title', title: t('resp.field.title'), width: 240, render: (_: unknown, it: Item) => <ItemTitle item={it} /> },
    {
      key: 'terms',
      title: t('resp.col.terms'),
      width: 260,
      render: (_: unknown, it: Item) => <Terms keywords={it.keywords} synonyms={it.synonyms} />,
    },
    {
      key: 'resp',
      title: t('resp.field.responsible'),
      width: 150,
      render: (_: unknown, it: Item) => (
        <div>
          <Responsible item={it} />
          {it.leadDepartment && it.leadDepartment.id !== it.responsibleDepartment?.id && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('resp.leadShort', { name: it.leadDepartment.name })}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      key: 'commit',
      title: t('resp.col.commitment'),
      width: 130,
      render: (_: unknown, it: Item) => (
        <span style={{ whiteSpace: 'nowrap' }}>{t('resp.commitmentShort', { hours: it.respondWithinHours, days: it.resolveWithinDays })}</span>
      ),
    },
    { key: 'contact', title: t('resp.field.contact'), width: 160, ellipsis: true, render: (_: unknown, it: Item) => it.contact || '—' },
    {
      key: 'actions',
      title: t('resp.col.actions'),
      width: 250,
      fixed: 'right' as const,
      render: (_: unknown, it: Item) => (
        <Flex gap={4} wrap>
          <Button size="small" type="primary" ghost icon={<EditOutlined />} onClick={() => onEdit(it)} data-testid="resp-edit">
            {t('resp.edit')}
          </Button>
          <ItemActions item={it} size="small" onChanged={onChanged} />
        </Flex>
      ),
    },
  ];

  let body: React.ReactNode;
  if (searching) {
    body = <TrialSearch q={filters.q} onEdit={onEdit} onClear={() => { setSearchInput(''); update({ q: '' }); }} />;
  } else if (!shown) {
    body = error ? (
      <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
    ) : (
      <div data-testid="resp-loading">
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  } else {
    const conn = shown.responsibilityItems;
    const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
    body = (
      <>
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(t, error)} />}
        <Table<Item>
          rowKey="id"
          size="middle"
          loading={fetching}
          dataSource={rows}
          columns={columns}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="resp-table"
          rowClassName={(it) => (it.retired ? 'resp-retired-row' : '')}
          onRow={(it) => ({ 'data-item': it.id, style: it.retired ? { opacity: 0.6 } : undefined }) as React.HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: hasFilters ? (
              <EmptyState title={t('resp.emptyFiltered')} text={t('resp.emptyFilteredText')}>
                <Button onClick={() => update({ cat: null, dept: null, unowned: false })}>{t('resp.clearFilters')}</Button>
              </EmptyState>
            ) : (
              <EmptyState title={t('resp.emptyTitle')} text={t('resp.emptyText')}>
                <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>
                  {t('resp.new')}
                </Button>
              </EmptyState>
            ),
          }}
          footer={
            conn.totalCount > 0
              ? () => (
                  <Pager
                    total={conn.totalCount}
                    page={paging.page}
                    pageSize={ITEMS_PAGE}
                    hasNext={!!data && !!conn.pageInfo.hasNextPage}
                    busy={fetching}
                    testId="resp-total"
                    onFirst={paging.first}
                    onPrev={paging.prev}
                    onNext={() => paging.next(conn.pageInfo.endCursor)}
                  />
                )
              : undefined
          }
        />
      </>
    );
  }

  return (
    <>
      {toolbar}
      <Row gutter={16}>
        <Col xs={24} md={6} xl={5} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{t('resp.categories')}</Typography.Text>
          <div style={{ marginTop: 8, maxHeight: 560, overflow: 'auto' }} data-testid="resp-categories">
            {categories.fetching && tree.length === 0 ? (
              <Skeleton active paragraph={{ rows: 4 }} title={false} />
            ) : tree.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('resp.noCategories')} />
            ) : (
              <>
                <Button type={filters.cat ? 'text' : 'link'} size="small" onClick={() => update({ cat: null })} style={{ paddingInline: 4 }}>
                  {t('resp.allCategories')}
                </Button>
                <Tree
                  blockNode
                  defaultExpandedKeys={expandedAtStart(tree, filters.cat)}
                  selectedKeys={filters.cat ? [filters.cat] : []}
                  onSelect={(keys) => update({ cat: (keys[0] as string | undefined) ?? null, q: '' })}
                  treeData={tree}
                />
              </>
            )}
          </div>
        </Col>
        <Col xs={24} md={18} xl={19}>
          {filters.cat && !searching && (
            <Tag closable onClose={() => update({ cat: null })} style={{ marginBottom: 8 }} data-testid="resp-cat-filter">
              {t('resp.categories')}：{filters.cat.split('/').join(' › ')}
            </Tag>
          )}
          {body}
        </Col>
      </Row>
    </>
  );
}

/** 找谁办试查: exactly what 找谁办 answers for the words, with why each item matched. */
function TrialSearch({ q, onEdit, onClear }: { q: string; onEdit: (item: Item) => void; onClear: () => void }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: RespSearchDocument, variables: { query: q } });
  const results = data?.findResponsible ?? [];
  const top = results[0]?.score ?? 0;
  return (
    <div data-testid="resp-search-results">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('resp.trial.title', { q })}
        description={t('resp.trial.text')}
        action={
          <Button size="small" onClick={onClear}>
            {t('resp.trial.back')}
          </Button>
        }
      />
      {error ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : fetching && !data ? (
        <Skeleton active />
      ) : results.length === 0 ? (
        <EmptyState title={t('resp.trial.emptyTitle', { q })} text={t('resp.trial.emptyText')} />
      ) : (
        <Table<Match>
          rowKey={(m) => m.item.id}
          size="middle"
          pagination={false}
          dataSource={results}
          scroll={{ x: 900 }}
          columns={[
            {
              key: 'rank',
              title: t('resp.trial.rank'),
              width: 70,
              render: (_, _m, i) => (i === 0 ? <Tag color="blue">{t('find.best')}</Tag> : i + 1),
            },
            { key: 'title', title: t('resp.field.title'), render: (_, m) => <ItemTitle item={m.item} highlight={m.matched} /> },
            {
              key: 'why',
              title: t('resp.trial.why'),
              width: 260,
              render: (_, m) => (
                <Flex wrap gap={4} data-testid="resp-matched">
                  {m.matched.map((w) => (
                    <Tag key={w} color="gold" style={{ marginInlineEnd: 0 }}>
                      {w}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            {
              key: 'score',
              title: t('resp.trial.score'),
              width: 90,
              render: (_, m) => (
                <Tooltip title={t('resp.trial.scoreHint')}>
                  <span data-testid="resp-score">{m.score.toFixed(2)}</span>
                  {top > 0 && <Typography.Text type="secondary"> ({Math.round((m.score / top) * 100)}%)</Typography.Text>}
                </Tooltip>
              ),
            },
            { key: 'resp', title: t('resp.field.responsible'), width: 130, render: (_, m) => <Responsible item={m.item} /> },
            {
              key: 'edit',
              title: t('resp.col.actions'),
              width: 90,
              render: (_, m) => (
                <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(m.item)}>
                  {t('resp.edit')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
