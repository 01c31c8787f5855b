import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Checkbox, Col, Descriptions, Flex, Input, Row, Segmented, Skeleton, Space, Tag, Tooltip, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import {
  BranchesOutlined,
  EditOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  ReloadOutlined,
  StopOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { OrgDeptCountsDocument, type DepartmentWhereInput } from '../../graphql/graphql';
import EmptyState from '../../components/EmptyState';
import ErrorState from '../../components/ErrorState';
import ExportButton from '../../components/ExportButton';
import { useAuth } from '../../auth/store';
import { useDeptTree } from './departments/useDeptTree';
import { ChangeModal, DeptFormModal, MoveModal } from './departments/DeptDialogs';
import { filterTree, rights, type DeptRow, type Right, type ShownNode, type TreeFilter } from './departments/tree';
import deptTexts from '../../locales/features/dept.json';
import { addTexts } from '../../locales/texts';

addTexts(deptTexts);

type Dialog = { kind: 'create' | 'edit' | 'move' | 'merge' | 'close'; dept: DeptRow } | null;

const OPEN_STATUSES = ['NEW', 'ACCEPTED', 'IN_PROGRESS'] as const;

/**
 * 部门: the department tree (agency departments and frontline units, closed ones marked), searched and
 * filtered; the selected department's details; create, edit, move, merge and close (ADMIN; a LEADER
 * creates and edits within their subtree), each with the server's refusal shown where it belongs.
 */
export default function DepartmentsTab() {
  const { t } = useTranslation();
  const { viewer } = useAuth();
  const tree = useDeptTree();
  const [filter, setFilter] = useState<TreeFilter>({ q: '', kind: 'ALL', showClosed: true });
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const shown = useMemo(() => filterTree(tree.roots, filter), [tree.roots, filter]);
  const me = useMemo(
    () => (viewer ? { role: viewer.role, departmentId: viewer.department?.id ?? viewer.staff?.department.id ?? null } : null),
    [viewer],
  );

  // A new filter shows its own matches.
  useEffect(() => setExpanded(null), [filter]);
  // Nothing selected yet: the top of the tree (the agency itself).
  useEffect(() => {
    if (!selectedId && tree.roots.length > 0) setSelectedId(tree.roots[0].dept.id);
  }, [selectedId, tree.roots]);

  const selected = selectedId ? tree.byId.get(selectedId) : undefined;
  const can = useMemo(() => (selected ? rights(me, selected, tree.roots) : new Set<Right>()), [me, selected, tree.roots]);
  const canCreateUnder = (d: DeptRow) => rights(me, d, tree.roots).has('create');

  const exportWhere = useMemo<DepartmentWhereInput>(() => {
    const w: DepartmentWhereInput = {};
    if (filter.kind !== 'ALL') w.kind = filter.kind;
    if (!filter.showClosed) w.closedAtIsNil = true;
    const q = filter.q.trim();
    if (q) w.or = [{ nameContains: q }, { codeContains: q }];
    return w;
  }, [filter]);

  if (!tree.ready) {
    return tree.error ? <ErrorState error={tree.error} onRetry={() => void tree.reload()} /> : <Skeleton active paragraph={{ rows: 8 }} />;
  }

  const afterChange = async (select?: string, expand?: string | null) => {
    setDialog(null);
    await tree.reload();
    if (select) setSelectedId(select);
    if (expand) setExpanded((e) => [...new Set([...(e ?? shown.expanded), expand])]);
  };

  const toData = (n: ShownNode): TreeDataNode => ({
    key: n.dept.id,
    title: <NodeTitle dept={n.dept} dim={!n.match} />,
    children: n.children.length ? n.children.map(toData) : undefined,
  });

  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('dept.search')}
          style={{ width: 240 }}
          value={search}
          onChange={(e) => {
            // The tree is all on the page: it filters as one types.
            setSearch(e.target.value);
            setFilter((f) => ({ ...f, q: e.target.value }));
          }}
          onSearch={(q) => setFilter((f) => ({ ...f, q }))}
          data-testid="dept-search"
        />
        <Segmented
          value={filter.kind}
          onChange={(kind) => setFilter((f) => ({ ...f, kind: kind as TreeFilter['kind'] }))}
          options={[
            { value: 'ALL', label: t('common.all') },
            { value: 'AGENCY', label: t('dept.kindAGENCY') },
            { value: 'FRONTLINE', label: t('dept.kindFRONTLINE') },
          ]}
        />
        <Checkbox checked={filter.showClosed} onChange={(e) => setFilter((f) => ({ ...f, showClosed: e.target.checked }))} data-testid="dept-show-closed">
          {t('dept.showClosed')}
        </Checkbox>
        <Flex gap={8} style={{ marginInlineStart: 'auto' }} wrap>
          <Button icon={<ReloadOutlined />} loading={tree.loading} onClick={() => void tree.reload()}>
            {t('common.refresh')}
          </Button>
          <ExportButton table="departments" where={exportWhere} orderBy={{ field: 'CODE', direction: 'ASC' }} label={t('dept.export')} />
        </Flex>
      </Flex>
      {tree.error && <ErrorState error={tree.error} onRetry={() => void tree.reload()} />}
      {tree.depts.length === 0 ? (
        <EmptyState title={t('dept.emptyTitle')} text={t('dept.emptyText')}>
          <Space>
            <Link to="/setup">
              <Button type="primary">{t('dept.toSetup')}</Button>
            </Link>
            <Link to="/imports">
              <Button>{t('dept.toImport')}</Button>
            </Link>
          </Space>
        </EmptyState>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('dept.treeTitle', { n: shown.matches })} data-testid="dept-tree">
              {shown.nodes.length === 0 ? (
                <EmptyState title={t('dept.noMatchTitle')} text={t('dept.noMatchText')}>
                  <Button
                    onClick={() => {
                      setSearch('');
                      setFilter({ q: '', kind: 'ALL', showClosed: true });
                    }}
                  >
                    {t('dept.clearFilter')}
                  </Button>
                </EmptyState>
              ) : (
                <Tree
                  blockNode
                  showLine
                  treeData={shown.nodes.map(toData)}
                  expandedKeys={expanded ?? shown.expanded}
                  onExpand={(keys) => setExpanded(keys.map(String))}
                  selectedKeys={selectedId ? [selectedId] : []}
                  onSelect={(keys) => keys.length && setSelectedId(String(keys[0]))}
                  style={{ maxHeight: 640, overflow: 'auto' }}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            {selected ? (
              <DeptDetail
                dept={selected}
                byId={tree.byId}
                childCount={tree.depts.filter((d) => d.parentID === selected.id && !d.closedAt).length}
                can={can}
                admin={me?.role === 'ADMIN'}
                onSelect={setSelectedId}
                onAction={(kind) => setDialog({ kind, dept: selected })}
              />
            ) : (
              <Card size="small">
                <EmptyState title={t('dept.pickTitle')} text={t('dept.pickText')} />
              </Card>
            )}
          </Col>
        </Row>
      )}
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <DeptFormModal
          dept={dialog.kind === 'edit' ? dialog.dept : undefined}
          parent={dialog.kind === 'create' ? dialog.dept : undefined}
          roots={tree.roots}
          canCreateUnder={canCreateUnder}
          onClose={(d) => (d ? void afterChange(d.id, d.parentID) : setDialog(null))}
        />
      )}
      {dialog?.kind === 'move' && (
        <MoveModal dept={dialog.dept} roots={tree.roots} onClose={(d) => (d ? void afterChange(d.id, d.parentID) : setDialog(null))} />
      )}
      {(dialog?.kind === 'merge' || dialog?.kind === 'close') && (
        <ChangeModal
          action={dialog.kind}
          dept={dialog.dept}
          depts={tree.depts}
          roots={tree.roots}
          onClose={(c) =>
            c
              ? void afterChange(
                  c.action === 'MERGE' || !filter.showClosed ? (c.target?.id ?? c.department.id) : c.department.id,
                  c.target?.id ?? null,
                )
              : setDialog(null)
          }
        />
      )}
    </>
  );
}

function NodeTitle({ dept, dim }: { dept: DeptRow; dim: boolean }) {
  const { t } = useTranslation();
  const closed = !!dept.closedAt;
  return (
    <span data-testid="dept-node" data-code={dept.code} style={dim ? { opacity: 0.55 } : undefined}>
      <Typography.Text delete={closed} type={closed ? 'secondary' : undefined}>
        {dept.name}
      </Typography.Text>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {dept.code}
      </Typography.Text>{' '}
      {!dept.parentID && <Tag color="blue">{t('dept.agencyRoot')}</Tag>}
      {dept.kind === 'FRONTLINE' && <Tag color="green">{t('dept.kindFRONTLINE')}</Tag>}
      {closed && <Tag>{t('dept.closedTag')}</Tag>}
    </span>
  );
}

const ACTIONS: { kind: Right; dialog: NonNullable<Dialog>['kind']; icon: ReactNode; adminOnly: boolean; danger?: boolean }[] = [
  { kind: 'create', dialog: 'create', icon: <PlusOutlined />, adminOnly: false },
  { kind: 'update', dialog: 'edit', icon: <EditOutlined />, adminOnly: false },
  { kind: 'move', dialog: 'move', icon: <BranchesOutlined />, adminOnly: true },
  { kind: 'merge', dialog: 'merge', icon: <MergeCellsOutlined />, adminOnly: true },
  { kind: 'close', dialog: 'close', icon: <StopOutlined />, adminOnly: true, danger: true },
];

function DeptDetail({
  dept,
  byId,
  childCount,
  can,
  admin,
  onSelect,
  onAction,
}: {
  dept: DeptRow;
  byId: Map<string, DeptRow>;
  childCount: number;
  can: Set<Right>;
  admin: boolean;
  onSelect: (id: string) => void;
  onAction: (kind: NonNullable<Dialog>['kind']) => void;
}) {
  const { t } = useTranslation();
  const [counts] = useQuery({
    query: OrgDeptCountsDocument,
    variables: { id: dept.id, openStatuses: [...OPEN_STATUSES] },
    requestPolicy: 'cache-and-network',
  });
  const parent = dept.parentID ? byId.get(dept.parentID) : undefined;
  const why = (k: Right): string | undefined => {
    if (can.has(k)) return undefined;
    if (dept.closedAt) return t('dept.whyClosed');
    if (!dept.parentID && (k === 'move' || k === 'merge' || k === 'close')) return t('dept.whyRoot');
    return t('dept.whyForbidden');
  };
  const countText = (n: number | undefined) => (counts.error ? '—' : n === undefined ? <Skeleton.Input size="small" active /> : n);
  return (
    <Card
      size="small"
      data-testid="dept-detail"
      title={
        <Space>
          <span data-testid="dept-detail-name">{dept.name}</span>
          {dept.closedAt && <Tag>{t('dept.closedTag')}</Tag>}
        </Space>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        {ACTIONS.filter((a) => admin || !a.adminOnly).map((a) => (
          <Tooltip key={a.kind} title={why(a.kind)}>
            <Button
              icon={a.icon}
              danger={a.danger}
              disabled={!can.has(a.kind)}
              onClick={() => onAction(a.dialog)}
              data-testid={`dept-${a.dialog}`}
            >
              {t(`dept.action.${a.dialog}`)}
            </Button>
          </Tooltip>
        ))}
      </Flex>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('dept.code')}>
          <Typography.Text code data-testid="dept-detail-code">
            {dept.code}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('dept.kind')}>{t(`dept.kind${dept.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('dept.parent')}>
          {parent ? (
            <Typography.Link onClick={() => onSelect(parent.id)} data-testid="dept-detail-parent">
              {parent.name}
            </Typography.Link>
          ) : (
            t('dept.agencyRoot')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('dept.childCount')}>{childCount}</Descriptions.Item>
        <Descriptions.Item label={t('dept.sortOrder')}>{dept.sortOrder}</Descriptions.Item>
        <Descriptions.Item label={t('dept.visitQuota')}>{dept.visitQuotaPerYear}</Descriptions.Item>
        <Descriptions.Item label={t('dept.staffCount')}>
          <span data-testid="dept-detail-staff">{countText(counts.data?.staffMembers.totalCount)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('dept.openTasks')}>
          <span data-testid="dept-detail-tasks">{countText(counts.data?.tasks.totalCount)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('dept.status')} span="filled">
          {dept.closedAt ? (
            <span data-testid="dept-detail-status">
              {t('dept.closedAt', { at: dayjs(dept.closedAt).format('YYYY-MM-DD HH:mm') })}
              {dept.successor && (
                <>
                  {' · '}
                  {t('dept.successorIs')}{' '}
                  <Typography.Link onClick={() => onSelect(dept.successor!.id)}>{dept.successor.name}</Typography.Link>
                </>
              )}
            </span>
          ) : (
            <span data-testid="dept-detail-status">{t('dept.open')}</span>
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
