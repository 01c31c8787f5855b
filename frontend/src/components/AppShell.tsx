import { Suspense, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Button, Flex, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import {
  ApiOutlined,
  AlertOutlined,
  AuditOutlined,
  CarOutlined,
  CommentOutlined,
  FileDoneOutlined,
  DashboardOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  ProfileOutlined,
  SearchOutlined,
  SettingOutlined,
  StarOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { logout, useAuth } from '../auth/store';
import { navFor } from '../nav';
import LanguageSwitch from './LanguageSwitch';
import FullPageSpin from './FullPageSpin';
import SetupRedirect from '../pages/setup/SetupRedirect';
import styles from './AppShell.module.css';

const ICONS: Record<string, ReactNode> = {
  cockpit: <DashboardOutlined />,
  tasks: <ProfileOutlined />,
  find: <SearchOutlined />,
  rating: <StarOutlined />,
  myRatings: <CommentOutlined />,
  requests: <FileDoneOutlined />,
  rectifications: <AuditOutlined />,
  visits: <CarOutlined />,
  complaints: <AlertOutlined />,
  admin: <SettingOutlined />,
  graphiql: <ApiOutlined />,
};

const ROLE_COLORS: Record<string, string> = {
  ADMIN: 'magenta',
  LEADER: 'gold',
  STAFF: 'blue',
  FRONTLINE: 'green',
};

export default function AppShell() {
  const { t } = useTranslation();
  const { viewer } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [mobile, setMobile] = useState(false);
  if (!viewer) return null;

  const items = navFor(viewer.role);
  const selected = items.find((i) => location.pathname.startsWith(i.path))?.key;
  const name = viewer.staff?.name ?? viewer.account.login;
  const department = viewer.staff?.department?.name ?? viewer.department?.name;

  return (
    <Layout className={styles.root}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        trigger={null}
        width={208}
        breakpoint="md"
        collapsedWidth={mobile ? 0 : 80}
        onBreakpoint={(broken) => {
          setMobile(broken);
          setCollapsed(broken);
        }}
        className={mobile ? styles.mobileSider : undefined}
      >
        <div className={styles.brand}>
          <span className={styles.brandMark}>效</span>
          {!collapsed && (
            <span className={styles.brandText}>
              <strong>效能</strong>
              <small>Xiaoneng</small>
            </span>
          )}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items.map((i) => ({ key: i.key, icon: ICONS[i.key], label: t(i.label) }))}
          onClick={({ key }) => {
            const item = items.find((i) => i.key === key);
            if (item) navigate(item.path);
            if (mobile) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className={styles.header}>
          <Button
            type="text"
            aria-label={t('header.menu')}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed((c) => !c)}
          />
          <Flex align="center" gap={16}>
            <Space size={10} data-testid="viewer">
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f5fae' }} />
              <Typography.Text strong data-testid="viewer-name">
                {name}
              </Typography.Text>
              <Typography.Text type="secondary" data-testid="viewer-department" className={styles.dept}>
                {department ?? t('header.noStaff')}
                {viewer.staff?.position ? ` · ${viewer.staff.position}` : ''}
              </Typography.Text>
              <Tag color={ROLE_COLORS[viewer.role]} data-testid="viewer-role" style={{ marginInlineEnd: 0 }} className={styles.role}>
                {t(`role.${viewer.role}`)}
              </Tag>
            </Space>
            <LanguageSwitch />
            <Tooltip title={t('nav.changePassword')}>
              <Button
                icon={<KeyOutlined />}
                aria-label={t('nav.changePassword')}
                data-testid="change-password-link"
                onClick={() => navigate('/change-password', { state: { from: location.pathname + location.search } })}
              />
            </Tooltip>
            <Tooltip title={t('header.logout')}>
              <Button
                icon={<LogoutOutlined />}
                onClick={() => {
                  void logout().then(() => navigate('/login', { replace: true }));
                }}
              >
                <span className={styles.logoutText}>{t('header.logout')}</span>
              </Button>
            </Tooltip>
          </Flex>
        </Layout.Header>
        <Layout.Content className={styles.content}>
          <SetupRedirect />
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
