import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import FullPageSpin from '../../components/FullPageSpin';
import ApiTokens from './ApiTokens';

// GraphiQL (with monaco) is the heaviest chunk of the app: loaded only when its tab is open.
const GraphiQLPage = lazy(() => import('./GraphiQLPage'));

/** 集成开发: GraphiQL with the guide's examples as tabs, and the viewer's API tokens. */
export default function IntegratorPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'tokens' ? 'tokens' : 'console';
  return (
    <Tabs
      activeKey={tab}
      onChange={(k) => setParams(k === 'tokens' ? { tab: k } : {}, { replace: true })}
      tabBarStyle={{ marginBottom: 8 }}
      destroyOnHidden
      items={[
        {
          key: 'console',
          label: t('integrator.console'),
          children: (
            <Suspense fallback={<FullPageSpin />}>
              <GraphiQLPage />
            </Suspense>
          ),
        },
        {
          key: 'tokens',
          label: t('integrator.tokens'),
          children: (
            <Card>
              <ApiTokens />
            </Card>
          ),
        },
      ]}
    />
  );
}
