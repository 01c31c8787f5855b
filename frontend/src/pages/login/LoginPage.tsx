import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Collapse, Form, Input, Tag, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { LoginDocument } from '../../graphql/graphql';
import type { Role } from '../../nav';
import { restoreSession, startSession, useAuth } from '../../auth/store';
import { errorMessage, toAppError } from '../../api/errors';
import { errorReason } from '../../auth/reasons';
import { homePath } from '../../nav';
import LanguageSwitch from '../../components/LanguageSwitch';
import styles from './LoginPage.module.css';
import importsTexts from '../../locales/features/imports.json';
import { addTexts } from '../../locales/texts';

addTexts(importsTexts);

export const DEMO_PASSWORD = 'xiaoneng-demo';
export const DEMO_ACCOUNTS: { login: string; role: Role }[] = [
  { login: 'admin', role: 'ADMIN' },
  { login: 'leader', role: 'LEADER' },
  { login: 'staff', role: 'STAFF' },
  { login: 'frontline', role: 'FRONTLINE' },
];

interface LoginValues {
  username: string;
  password: string;
}

/** Asks /healthz whether the server runs the demo agency (the demo accounts exist only then). */
function useDemoMode(): boolean {
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    let alive = true;
    fetch('/healthz', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((body: { demo?: unknown } | null) => {
        if (alive && body && body.demo === true) setDemo(true);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  return demo;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const auth = useAuth();
  const demo = useDemoMode();
  const [form] = Form.useForm<LoginValues>();
  const [result, login] = useMutation(LoginDocument);
  const [error, setError] = useState<unknown>(null);

  // A stored session (reload on /login) goes straight on to the app.
  useEffect(() => {
    if (auth.status === 'restoring') void restoreSession();
  }, [auth.status]);

  const from = (location.state as { from?: string } | null)?.from;
  if (auth.status === 'authenticated' && auth.viewer) {
    return <Navigate to={from && from !== '/login' ? from : homePath(auth.viewer.role)} replace />;
  }

  const onFinish = async (values: LoginValues) => {
    setError(null);
    const res = await login({ username: values.username.trim(), password: values.password });
    const payload = res.data?.login;
    if (!payload?.accessToken) {
      setError(res.error ?? new Error('empty response'));
      return;
    }
    // Tokens with a partial viewer (an error on some nested field) still sign the user in.
    await startSession(payload, !!res.error);
    navigate(from && from !== '/login' ? from : homePath(payload.viewer.role), { replace: true });
  };

  const appError = error ? toAppError(error) : null;
  // A disabled account is told so (logging in again will not help), also when its session just ended.
  const disabled = error ? errorReason(error) === 'ACCOUNT_DISABLED' : auth.reason === 'ACCOUNT_DISABLED';
  const message = disabled
    ? t('accountState.disabled')
    : appError?.code === 'UNAUTHENTICATED'
      ? t('login.badCredentials')
      : error
        ? errorMessage(t, error)
        : null;

  return (
    <div className={styles.page}>
      <div className={styles.lang}>
        <LanguageSwitch size="middle" />
      </div>
      <main className={styles.center}>
        <Card className={styles.card} variant="borderless">
          <div className={styles.brand}>
            <span className={styles.mark} aria-hidden>
              效
            </span>
            <div>
              <Typography.Title level={1} className={styles.title}>
                效能
              </Typography.Title>
              <div className={styles.subtitle}>{t('app.englishName')}</div>
            </div>
          </div>
          <Typography.Paragraph type="secondary" className={styles.tagline}>
            {t('app.tagline')}
          </Typography.Paragraph>

          <Form<LoginValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={onFinish}
            disabled={result.fetching}
            aria-label={t('login.title')}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                size="large"
                prefix={<UserOutlined />}
                placeholder={t('login.usernamePlaceholder')}
                autoComplete="username"
                autoFocus
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                size="large"
                prefix={<LockOutlined />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
              />
            </Form.Item>
            {message && (
              <Alert
                type="error"
                showIcon
                role="alert"
                className={styles.alert}
                title={disabled ? t('accountState.disabledTitle') : t('login.failed')}
                description={<span data-testid="login-error">{message}</span>}
              />
            )}
            <Button type="primary" htmlType="submit" size="large" block loading={result.fetching}>
              {t('login.submit')}
            </Button>
          </Form>

          {demo && (
            <Collapse
              className={styles.demo}
              size="small"
              ghost
              items={[
                {
                  key: 'demo',
                  label: t('login.demoTitle'),
                  children: (
                    <>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                        {t('login.demoHint', { password: DEMO_PASSWORD })}
                      </Typography.Paragraph>
                      <ul className={styles.demoList}>
                        {DEMO_ACCOUNTS.map((a) => (
                          <li key={a.login}>
                            <span>
                              <Typography.Text code>{a.login}</Typography.Text>
                              <Tag style={{ marginInlineStart: 8 }}>{t(`role.${a.role}`)}</Tag>
                            </span>
                            <Button
                              size="small"
                              type="link"
                              onClick={() => form.setFieldsValue({ username: a.login, password: DEMO_PASSWORD })}
                            >
                              {t('login.demoUse')}
                            </Button>
                          </li>
                        ))}
                      </ul>
                    </>
                  ),
                },
              ]}
            />
          )}
        </Card>
        <footer className={styles.footer}>
          {t('login.notice')} · <Link to="/complaint">{t('login.complaintLink')}</Link>
        </footer>
      </main>
    </div>
  );
}
