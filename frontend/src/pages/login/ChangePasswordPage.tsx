import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { ChangePasswordDocument } from '../../graphql/graphql';
import { logout, startSession, useAuth } from '../../auth/store';
import { errorMessage, toAppError } from '../../api/errors';
import { homePath } from '../../nav';
import LanguageSwitch from '../../components/LanguageSwitch';
import styles from './LoginPage.module.css';
import importsTexts from '../../locales/features/imports.json';
import { addTexts } from '../../locales/texts';

addTexts(importsTexts);

/** The server's rules (graph/auth.graphqls changePassword): 8–72 bytes, not the current one. */
export const MIN_PASSWORD_BYTES = 8;
export const MAX_PASSWORD_BYTES = 72;

export function passwordBytes(pw: string): number {
  return new TextEncoder().encode(pw).length;
}

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/**
 * 修改密码: a password an administrator set (a new account, a reset) must be changed before anything
 * else (RequireAuth sends the viewer here); anyone may also come here to change their own. The answer
 * is this session's new pair; every other session of the account ends.
 */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const { viewer } = useAuth();
  const [form] = Form.useForm<Values>();
  const [result, change] = useMutation(ChangePasswordDocument);
  const [error, setError] = useState<unknown>(null);
  const forced = !!viewer?.mustChangePassword;
  const from = (location.state as { from?: string } | null)?.from;
  const next = from && from !== '/change-password' && from !== '/login' ? from : viewer ? homePath(viewer.role) : '/';

  const onFinish = async (values: Values) => {
    setError(null);
    const res = await change({ currentPassword: values.currentPassword, newPassword: values.newPassword });
    const payload = res.data?.changePassword;
    if (!payload?.accessToken) {
      const app = toAppError(res.error);
      const field = app.field === 'currentPassword' || app.field === 'newPassword' ? app.field : null;
      if (field) {
        form.setFields([{ name: field, errors: [errorMessage(t, res.error)] }]);
      } else {
        setError(res.error ?? new Error('empty response'));
      }
      return;
    }
    await startSession(payload, !!res.error);
    message.success(t('passwordChange.done'));
    navigate(next === '/' ? homePath(payload.viewer.role) : next, { replace: true });
  };

  return (
    <div className={styles.page}>
      <div className={styles.lang}>
        <LanguageSwitch size="middle" />
      </div>
      <main className={styles.center}>
        <Card className={styles.card} variant="borderless">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('passwordChange.title')}
          </Typography.Title>
          {viewer && (
            <Typography.Paragraph type="secondary">
              {t('passwordChange.account', { login: viewer.account.login })}
            </Typography.Paragraph>
          )}
          {forced && (
            <Alert
              type="warning"
              showIcon
              className={styles.alert}
              data-testid="password-forced"
              title={t('passwordChange.forcedTitle')}
              description={t('passwordChange.forcedText')}
            />
          )}
          <Form<Values>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={onFinish}
            disabled={result.fetching}
            aria-label={t('passwordChange.title')}
          >
            <Form.Item
              name="currentPassword"
              label={forced ? t('passwordChange.currentInitial') : t('passwordChange.current')}
              rules={[{ required: true, message: t('passwordChange.currentRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('passwordChange.new')}
              extra={t('passwordChange.rules', { min: MIN_PASSWORD_BYTES, max: MAX_PASSWORD_BYTES })}
              dependencies={['currentPassword']}
              rules={[
                { required: true, message: t('passwordChange.newRequired') },
                ({ getFieldValue }) => ({
                  validator: async (_, v: string | undefined) => {
                    if (!v) return;
                    const n = passwordBytes(v);
                    if (n < MIN_PASSWORD_BYTES) throw new Error(t('passwordChange.tooShort', { min: MIN_PASSWORD_BYTES }));
                    if (n > MAX_PASSWORD_BYTES) throw new Error(t('passwordChange.tooLong', { max: MAX_PASSWORD_BYTES }));
                    if (v === getFieldValue('currentPassword')) throw new Error(t('passwordChange.sameAsCurrent'));
                  },
                }),
              ]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="repeat"
              label={t('passwordChange.repeat')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: t('passwordChange.repeatRequired') },
                ({ getFieldValue }) => ({
                  validator: async (_, v: string | undefined) => {
                    if (v && v !== getFieldValue('newPassword')) throw new Error(t('passwordChange.mismatch'));
                  },
                }),
              ]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
            </Form.Item>
            {error ? (
              <Alert
                type="error"
                showIcon
                role="alert"
                className={styles.alert}
                title={t('passwordChange.failed')}
                description={<span data-testid="password-error">{errorMessage(t, error)}</span>}
              />
            ) : null}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('passwordChange.sessionsEnd')}
            </Typography.Paragraph>
            <Button type="primary" htmlType="submit" block size="large" loading={result.fetching}>
              {t('passwordChange.submit')}
            </Button>
          </Form>
          <Flex justify="space-between" style={{ marginTop: 12 }}>
            {forced ? (
              <span />
            ) : (
              <Button type="link" style={{ paddingInline: 0 }} onClick={() => navigate(next)}>
                {t('common.back')}
              </Button>
            )}
            <Button
              type="link"
              style={{ paddingInline: 0 }}
              onClick={async () => {
                await logout();
                navigate('/login', { replace: true });
              }}
            >
              {t('passwordChange.logout')}
            </Button>
          </Flex>
        </Card>
      </main>
    </div>
  );
}
