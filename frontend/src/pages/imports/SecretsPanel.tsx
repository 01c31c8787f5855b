import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Flex, Spin, Table, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { useClient } from 'urql';
import { useTranslation } from 'react-i18next';
import { ImportSecretsDocument } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import { secretsSheet, secretsText } from './logic';
import { buildXlsx, saveFile } from './xlsx';
import importsTexts from '../../locales/features/imports.json';
import { addTexts } from '../../locales/texts';

addTexts(importsTexts);

interface Secret {
  login: string;
  password: string;
}

/**
 * The one-time passwords an ACCOUNTS import made: fetched once with importSecrets (the server then
 * deletes them), shown once, to copy or download; leaving asks first.
 */
export default function SecretsPanel({ batch, secretsKey, onDone }: { batch: string; secretsKey: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useClient();
  const asked = useRef(false);
  const [secrets, setSecrets] = useState<Secret[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    // Once only: a second call would find nothing (the server deletes them when it hands them out).
    if (asked.current) return;
    asked.current = true;
    void client
      .mutation(ImportSecretsDocument, { batch, key: secretsKey })
      .toPromise()
      .then((r) => {
        if (r.error || !r.data) setError(r.error ?? new Error('no data'));
        else setSecrets(r.data.importSecrets);
      });
  }, [client, batch, secretsKey]);

  // Closing the tab while the passwords are on screen asks first.
  useEffect(() => {
    if (!secrets?.length) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [secrets]);

  if (error) return <ErrorState error={error} />;
  if (!secrets) return <Spin description={t('imports.secrets.loading')} />;
  if (secrets.length === 0) return <Alert type="info" showIcon title={t('imports.secrets.none')} />;

  const header: [string, string] = [t('imports.secrets.login'), t('imports.secrets.password')];
  return (
    <div data-testid="import-secrets">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('imports.secrets.onceTitle', { count: secrets.length })}
        description={t('imports.secrets.onceText')}
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Button
          icon={<CopyOutlined />}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secretsText(secrets));
              message.success(t('imports.secrets.copied'));
            } catch {
              message.error(t('imports.secrets.copyFailed'));
            }
          }}
        >
          {t('imports.secrets.copy')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          data-testid="secrets-download"
          onClick={() =>
            saveFile(buildXlsx(t('imports.secrets.sheet'), secretsSheet(secrets, header)), `${t('imports.secrets.file')}.xlsx`)
          }
        >
          {t('imports.secrets.download')}
        </Button>
      </Flex>
      <Table<Secret>
        size="small"
        rowKey="login"
        dataSource={secrets}
        pagination={secrets.length > 50 ? { pageSize: 50 } : false}
        columns={[
          {
            title: header[0],
            dataIndex: 'login',
            render: (v: string) => (
              <Typography.Text code data-testid="secret-login">
                {v}
              </Typography.Text>
            ),
          },
          {
            title: header[1],
            dataIndex: 'password',
            render: (v: string) => (
              <Typography.Text code copyable data-testid="secret-password">
                {v}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        data-testid="secrets-done"
        onClick={() =>
          modal.confirm({
            title: t('imports.secrets.doneTitle'),
            content: t('imports.secrets.doneText'),
            okText: t('imports.secrets.doneOk'),
            cancelText: t('common.cancel'),
            onOk: onDone,
          })
        }
      >
        {t('imports.secrets.done')}
      </Button>
    </div>
  );
}
