import { useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Flex, Form, Input, Modal, Popconfirm, Skeleton, Table, Tag, Typography } from 'antd';
import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ApiTokensDocument, CreateApiTokenDocument, RevokeApiTokenDocument, type ApiTokensQuery } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth/store';

type Token = ApiTokensQuery['apiTokens'][number];

export function tokenState(tk: Pick<Token, 'revokedAt' | 'expiresAt'>, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (tk.revokedAt) return 'revoked';
  if (tk.expiresAt && Date.parse(tk.expiresAt) <= now) return 'expired';
  return 'active';
}

/** 接口令牌: the viewer's API tokens; create with scopes (the secret is shown once), revoke. */
export default function ApiTokens() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { viewer } = useAuth();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ApiTokensDocument });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [revokeRes, revoke] = useMutation(RevokeApiTokenDocument);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  if (!data) return error ? <ErrorState error={error} onRetry={refresh} /> : <Skeleton active />;
  const tokens = data.apiTokens;
  return (
    <div data-testid="api-tokens">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('tokens.intro')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
          {t('tokens.create')}
        </Button>
      </Flex>
      <Table<Token>
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={tokens}
        pagination={false}
        scroll={{ x: 820 }}
        locale={{ emptyText: <EmptyState title={t('tokens.emptyTitle')} text={t('tokens.emptyText')} /> }}
        columns={[
          {
            key: 'name',
            title: t('tokens.name'),
            render: (_, tk) => (
              <Flex vertical>
                <Typography.Text strong>
                  <KeyOutlined /> {tk.name}
                </Typography.Text>
                {viewer?.role === 'ADMIN' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {tk.account.login}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          { key: 'scopes', title: t('tokens.scopes'), render: (_, tk) => <Flex wrap gap={4}>{tk.scopes.map((s) => <Tag key={s}>{s}</Tag>)}</Flex> },
          { key: 'created', title: t('tokens.created'), width: 120, render: (_, tk) => dayjs(tk.createdAt).format('YYYY-MM-DD') },
          { key: 'expires', title: t('tokens.expires'), width: 120, render: (_, tk) => (tk.expiresAt ? dayjs(tk.expiresAt).format('YYYY-MM-DD') : t('tokens.never')) },
          { key: 'used', title: t('tokens.lastUsed'), width: 140, render: (_, tk) => (tk.lastUsedAt ? dayjs(tk.lastUsedAt).format('YYYY-MM-DD HH:mm') : '—') },
          {
            key: 'state',
            title: t('tokens.state'),
            width: 170,
            render: (_, tk) => {
              const s = tokenState(tk);
              if (s !== 'active') return <Tag>{t(`tokens.${s}`)}</Tag>;
              return (
                <Flex gap={6} align="center">
                  <Tag color="green">{t('tokens.active')}</Tag>
                  <Popconfirm
                    title={t('tokens.revokeConfirm')}
                    okText={t('tokens.revoke')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={async () => {
                      const r = await revoke({ id: tk.id });
                      if (r.error) message.error(errorMessage(t, r.error));
                      else {
                        message.success(t('tokens.revoked'));
                        refresh();
                      }
                    }}
                  >
                    <Button size="small" danger loading={revokeRes.fetching} data-testid="token-revoke">
                      {t('tokens.revoke')}
                    </Button>
                  </Popconfirm>
                </Flex>
              );
            },
          },
        ]}
      />
      {creating && (
        <CreateTokenDialog
          scopes={viewer?.scopes ?? []}
          onClose={(s) => {
            setCreating(false);
            if (s) {
              setSecret(s);
              refresh();
            }
          }}
        />
      )}
      {secret && (
        <Modal
          open
          title={t('tokens.secretTitle')}
          onCancel={() => setSecret(null)}
          footer={[
            <Button
              key="copy"
              onClick={() => {
                void navigator.clipboard?.writeText(secret).then(
                  () => message.success(t('complaint.copied')),
                  () => undefined,
                );
              }}
            >
              {t('tokens.copy')}
            </Button>,
            <Button key="ok" type="primary" onClick={() => setSecret(null)}>
              {t('tokens.saved')}
            </Button>,
          ]}
        >
          <Alert type="warning" showIcon title={t('tokens.secretOnce')} style={{ marginBottom: 12 }} />
          <Typography.Paragraph copyable={{ text: secret }} code data-testid="token-secret" style={{ wordBreak: 'break-all' }}>
            {secret}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('tokens.usage')}</Typography.Text>
        </Modal>
      )}
    </div>
  );
}

function CreateTokenDialog({ scopes, onClose }: { scopes: string[]; onClose: (secret: string | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; scopes: string[]; expiresAt?: Dayjs }>();
  const [res, create] = useMutation(CreateApiTokenDocument);
  return (
    <Modal
      open
      title={t('tokens.create')}
      okText={t('tokens.createSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={res.fetching}
      onCancel={() => onClose(null)}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ scopes: scopes.filter((s) => s.startsWith('read:')) }}
        onFinish={async (v) => {
          const r = await create({ name: v.name.trim(), scopes: v.scopes, expiresAt: v.expiresAt ? v.expiresAt.endOf('day').toISOString() : undefined });
          if (r.error || !r.data) message.error(errorMessage(t, r.error));
          else onClose(r.data.createApiToken.secret);
        }}
      >
        <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }]}>
          <Input maxLength={60} placeholder={t('tokens.namePlaceholder')} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="scopes" label={t('tokens.scopes')} rules={[{ required: true, message: t('tokens.scopesRequired') }]} extra={t('tokens.scopesHint')}>
          <Checkbox.Group>
            <Flex vertical gap={4}>
              {scopes.map((s) => (
                <Checkbox key={s} value={s}>
                  <Typography.Text code>{s}</Typography.Text> {t(`scope.${s.replace(':', '_')}`, { defaultValue: '' })}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="expiresAt" label={t('tokens.expires')} extra={t('tokens.expiresHint')}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
