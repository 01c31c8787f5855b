import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, Skeleton, Tabs } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ImportKindsDocument } from '../../graphql/graphql';
import { useAuth } from '../../auth/store';
import PageHeader from '../../components/PageHeader';
import EmptyState from '../../components/EmptyState';
import ErrorState from '../../components/ErrorState';
import { importableKinds, importKindOrder, type Batch } from './logic';
import ImportWizard from './ImportWizard';
import ExportsTab from './ExportsTab';
import HistoryTab from './HistoryTab';
import importsTexts from '../../locales/features/imports.json';
import { addTexts } from '../../locales/texts';

addTexts(importsTexts);

const TABS = ['import', 'export', 'history'] as const;

/** 导入导出: bring the agency's spreadsheets in (dry run first), take every table out, see past imports. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const { viewer } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((k) => k === params.get('tab')) ?? 'import';
  const [{ data, error, fetching }, refetch] = useQuery({ query: ImportKindsDocument });
  const kinds = useMemo(
    () => [...(data?.importKinds ?? [])].sort((a, b) => importKindOrder(a.kind) - importKindOrder(b.kind)),
    [data],
  );
  const importable = useMemo(() => (viewer ? importableKinds(kinds, viewer.role) : []), [kinds, viewer]);
  const go = (k: string) => setParams(k === 'import' ? {} : { tab: k }, { replace: true }); // (drops ?kind=: chosen by then)
  const [resume, setResume] = useState<Batch | null>(null);

  let body;
  if (error && !data) body = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!data && fetching) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (kinds.length === 0) body = <EmptyState title={t('imports.noKinds')} />;
  else
    body = (
      <Tabs
        activeKey={tab}
        onChange={go}
        items={[
          {
            key: 'import',
            label: t('imports.tabs.import'),
            children: importable.length ? (
              <ImportWizard kinds={importable} initialKind={params.get('kind')} resume={resume} onResumed={() => setResume(null)} />
            ) : (
              <EmptyState title={t('imports.noKinds')} />
            ),
          },
          { key: 'export', label: t('imports.tabs.export'), children: <ExportsTab kinds={kinds} /> },
          {
            key: 'history',
            label: t('imports.tabs.history'),
            children: (
              <HistoryTab
                kinds={kinds}
                onOpenImport={() => go('import')}
                onResume={(b) => {
                  setResume(b);
                  go('import');
                }}
              />
            ),
          },
        ]}
      />
    );

  return (
    <Card>
      <PageHeader title={t('nav.imports')} subtitle={t('imports.subtitle')} />
      {body}
    </Card>
  );
}
