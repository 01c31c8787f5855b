import { lazy, Suspense, useEffect, useMemo, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { Provider as UrqlProvider } from 'urql';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { createClient } from './api/client';
import { useAuth } from './auth/store';
import RequireAuth from './auth/RequireAuth';
import FullPageSpin from './components/FullPageSpin';
import { homePath, type NavItem } from './nav';
import { theme } from './theme';

const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const AppShell = lazy(() => import('./components/AppShell'));
const TasksPage = lazy(() => import('./pages/tasks/TasksPage'));
const PlaceholderPage = lazy(() => import('./pages/placeholder/PlaceholderPage'));
const GraphiQLPage = lazy(() => import('./pages/graphiql/GraphiQLPage'));
const StatusPage = lazy(() => import('./pages/placeholder/StatusPage'));
const RoleGate = lazy(() => import('./auth/RoleGate'));

function HomeRedirect() {
  const { viewer } = useAuth();
  return <Navigate to={viewer ? homePath(viewer.role) : '/login'} replace />;
}

function gated(page: NavItem['key'], element: ReactNode) {
  return <RoleGate page={page}>{element}</RoleGate>;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <AppShell />
            </RequireAuth>
          }
        >
          <Route index element={<HomeRedirect />} />
          <Route path="cockpit" element={gated('cockpit', <PlaceholderPage page="cockpit" />)} />
          <Route path="tasks" element={gated('tasks', <TasksPage />)} />
          <Route path="find" element={gated('find', <PlaceholderPage page="find" />)} />
          <Route path="rating" element={gated('rating', <PlaceholderPage page="rating" />)} />
          <Route path="admin" element={gated('admin', <PlaceholderPage page="admin" />)} />
          <Route path="graphiql" element={gated('graphiql', <GraphiQLPage />)} />
          <Route path="*" element={<StatusPage kind="notFound" />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export default function App() {
  const { i18n } = useTranslation();
  const auth = useAuth();
  const accountId = auth.viewer?.account.id ?? null;
  // A new client per signed-in account: nothing cached for one user is shown to the next.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const client = useMemo(() => createClient(), [accountId]);
  const english = i18n.language === 'en';
  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
  }, [english]);

  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={theme}>
      <AntApp>
        <UrqlProvider value={client}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </UrqlProvider>
      </AntApp>
    </ConfigProvider>
  );
}
