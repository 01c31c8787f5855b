import { useMemo } from 'react';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
// Monaco's web workers come from the bundle (Vite `?worker` imports), never from a CDN.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { authFetch, GRAPHQL_URL } from '../../auth/store';
import { EXAMPLE_TABS } from './examples';
import styles from './GraphiQLPage.module.css';

/** 接口调试: GraphiQL against /graphql, sending the signed-in user's token. */
export default function GraphiQLPage() {
  const { t } = useTranslation();
  const fetcher = useMemo(
    () => createGraphiQLFetcher({ url: GRAPHQL_URL, fetch: authFetch, enableIncrementalDelivery: false }),
    [],
  );
  return (
    <div className={styles.wrap}>
      <Alert type="info" showIcon title={t('graphiql.hint')} className={styles.hint} />
      <div className={styles.ide}>
        <GraphiQL
          fetcher={fetcher}
          defaultTabs={EXAMPLE_TABS}
          defaultEditorToolsVisibility={false}
          forcedTheme="light"
          shouldPersistHeaders={false}
          isHeadersEditorEnabled
        >
          <GraphiQL.Logo>效能 API</GraphiQL.Logo>
        </GraphiQL>
      </div>
    </div>
  );
}
