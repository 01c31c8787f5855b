import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Badge, Button, Card, Tabs } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useClient, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { RespCategoriesDocument, RespGapsDocument, type RespCategoriesQuery } from '../../graphql/graphql';
import PageHeader from '../../components/PageHeader';
import { useAuth } from '../../auth/store';
import { deptTree, useDepartments } from '../../hooks/org';
import ItemsTab from './ItemsTab';
import GapsTab, { type FixReason } from './GapsTab';
import SynonymsTab from './SynonymsTab';
import ItemDrawer from './ItemDrawer';
import RespExportButton from './RespExportButton';
import { readFilters, subtreeOf, writeFilters, type Item, type ItemFilters, type ItemForm } from './model';
import respTexts from '../../locales/features/resp.json';
import { addTexts } from '../../locales/texts';

addTexts(respTexts);

type Tab = 'items' | 'gaps' | 'synonyms';
const TABS: Tab[] = ['items', 'gaps', 'synonyms'];

/** Every category path of the list (pages of 100), for the category tree and the drawer's suggestions. */
function useCategories(version: number) {
  const client = useClient();
  const [state, setState] = useState<{ paths: string[]; activePaths: string[]; fetching: boolean }>({
    paths: [],
    activePaths: [],
    fetching: true,
  });
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, fetching: true }));
    void (async () => {
      const paths: string[] = [];
      const activePaths: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page++) {
        const r: { data?: RespCategoriesQuery } = await client.query(RespCategoriesDocument, { after }, { requestPolicy: 'network-only' }).toPromise();
        const conn: RespCategoriesQuery['responsibilityItems'] | undefined = r.data?.responsibilityItems;
        if (!conn) break;
        for (const e of conn.edges ?? []) {
          if (!e?.node) continue;
          paths.push(e.node.categoryPath);
          if (!e.node.retired) activePaths.push(e.node.categoryPath);
        }
        if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) break;
        after = conn.pageInfo.endCursor;
      }
      if (!cancelled) setState({ paths, activePaths, fetching: false });
    })();
    return () => {
      cancelled = true;
    };
  }, [client, version]);
  return state;
}

interface DrawerState {
  item: Item | null;
  reason?: FixReason | null;
  initial?: Partial<ItemForm>;
}

/**
 * 责任清单维护 (ADMIN; a LEADER for the items their subtree is responsible for): the items by category,
 * a 找谁办 trial search, the item drawer, 停用/恢复/删除, shared synonym groups, 职责空白/交叉 to fix, Excel.
 */
export default function ResponsibilityPage() {
  const { t } = useTranslation();
  const { viewer } = useAuth();
  const isAdmin = viewer?.role === 'ADMIN';
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'items';
  const filters = useMemo(() => readFilters(params), [params]);
  const [version, setVersion] = useState(0);
  const categories = useCategories(version);
  const depts = useDepartments();
  const [drawer, setDrawer] = useState<DrawerState | null>(null);
  const [gaps, refetchGaps] = useQuery({ query: RespGapsDocument, requestPolicy: 'cache-and-network' });
  const [itemsKey, setItemsKey] = useState(0);

  // A LEADER may name only departments of their subtree.
  const tree = useMemo(() => {
    if (isAdmin) return depts.agencyTree;
    const mine = viewer?.staff?.department?.id ?? viewer?.department?.id;
    const sub = subtreeOf(mine, depts.agency);
    return deptTree(depts.agency.filter((d) => sub.has(d.id)));
  }, [isAdmin, depts.agency, depts.agencyTree, viewer]);

  const setTab = (k: Tab) => {
    const p = new URLSearchParams(params);
    if (k === 'items') p.delete('tab');
    else p.set('tab', k);
    setParams(p, { replace: true });
  };
  const update = (patch: Partial<ItemFilters>) => {
    const p = writeFilters(params, { ...filters, ...patch });
    p.delete('tab');
    setParams(p, { replace: true });
  };
  const changed = useCallback(() => {
    setVersion((v) => v + 1);
    setItemsKey((k) => k + 1);
    refetchGaps({ requestPolicy: 'network-only' });
  }, [refetchGaps]);

  const toFix = gaps.data?.responsibilityGaps.toFix.length ?? 0;

  return (
    <Card>
      <PageHeader
        title={t('resp.title')}
        subtitle={t('resp.subtitle')}
        extra={
          <>
            <RespExportButton />
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={changed} />
          </>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          {
            key: 'items',
            label: t('resp.tab.items'),
            children: (
              <ItemsTab
                reload={itemsKey}
                filters={filters}
                update={update}
                categories={categories}
                deptTree={depts.agencyTree}
                onEdit={(item) => setDrawer({ item })}
                onCreate={() => setDrawer({ item: null, initial: filters.cat ? { categoryPath: filters.cat } : undefined })}
                onChanged={changed}
              />
            ),
          },
          {
            key: 'gaps',
            label: (
              <span data-testid="resp-tab-gaps">
                {t('resp.tab.gaps')} <Badge count={toFix} size="small" overflowCount={99} />
              </span>
            ),
            children: (
              <GapsTab
                onFix={(item, reason) => setDrawer({ item, reason })}
                onDepartment={(dept) => {
                  const p = writeFilters(params, { cat: null, dept, unowned: !dept, retired: false, q: '' });
                  p.delete('tab');
                  setParams(p, { replace: true });
                }}
              />
            ),
          },
          { key: 'synonyms', label: <span data-testid="resp-tab-synonyms">{t('resp.tab.synonyms')}</span>, children: <SynonymsTab canWrite={isAdmin} /> },
        ]}
      />
      {drawer && (
        <ItemDrawer
          item={drawer.item}
          reason={drawer.reason}
          initial={drawer.initial}
          categories={categories.paths}
          deptTree={tree}
          isAdmin={isAdmin}
          onClose={() => setDrawer(null)}
          onSaved={() => {
            setDrawer(null);
            changed();
          }}
          onChanged={() => {
            setDrawer(null);
            changed();
          }}
        />
      )}
    </Card>
  );
}
