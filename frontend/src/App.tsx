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
const TaskDetailPage = lazy(() => import('./pages/tasks/TaskDetailPage'));
const CockpitPage = lazy(() => import('./pages/cockpit/CockpitPage'));
const RatingPage = lazy(() => import('./pages/frontline/RatingPage'));
const MyRatingsPage = lazy(() => import('./pages/frontline/MyRatingsPage'));
const FindPage = lazy(() => import('./pages/frontline/FindPage'));
const VisitsPage = lazy(() => import('./pages/frontline/VisitsPage'));
const RectificationsPage = lazy(() => import('./pages/rectifications/RectificationsPage'));
const ComplaintsPage = lazy(() => import('./pages/complaints/ComplaintsPage'));
const PublicComplaintPage = lazy(() => import('./pages/complaints/PublicComplaintPage'));
const AdminPage = lazy(() => import('./pages/admin/AdminPage'));
const OrgPage = lazy(() => import('./pages/org/OrgPage'));
const ResponsibilityPage = lazy(() => import('./pages/responsibility/ResponsibilityPage'));
const ImportsPage = lazy(() => import('./pages/imports/ImportsPage'));
const SetupPage = lazy(() => import('./pages/setup/SetupPage'));
const ChangePasswordPage = lazy(() => import('./pages/login/ChangePasswordPage'));
const IntegratorPage = lazy(() => import('./pages/graphiql/IntegratorPage'));
const StatusPage = lazy(() => import('./pages/placeholder/StatusPage'));
const RoleGate = lazy(() => import('./auth/RoleGate'));

function HomeRedirect() {
  const { viewer } = useAuth();
  return <Navigate to={viewer ? homePath(viewer.role) : '/login'} replace />;
}

function gated(page: NavItem['key'] | NavItem['key'][], element: ReactNode) {
  return <RoleGate page={page}>{element}</RoleGate>;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/complaint" element={<PublicComplaintPage />} />
        <Route
          path="/change-password"
          element={
            <RequireAuth>
              <ChangePasswordPage />
            </RequireAuth>
          }
        />
        <Route
          element={
            <RequireAuth>
              <AppShell />
            </RequireAuth>
          }
        >
          <Route index element={<HomeRedirect />} />
          <Route path="cockpit" element={gated('cockpit', <CockpitPage />)} />
          <Route path="tasks" element={gated('tasks', <TasksPage />)} />
          <Route path="tasks/:id" element={gated(['tasks', 'cockpit'], <TaskDetailPage />)} />
          <Route path="requests" element={gated('requests', <TasksPage mode="requests" />)} />
          <Route path="requests/:id" element={gated('requests', <TaskDetailPage mode="requests" />)} />
          <Route path="rating" element={gated('rating', <RatingPage />)} />
          <Route path="my-ratings" element={gated('myRatings', <MyRatingsPage />)} />
          <Route path="find" element={gated('find', <FindPage />)} />
          <Route path="visits" element={gated('visits', <VisitsPage />)} />
          <Route path="rectifications" element={gated('rectifications', <RectificationsPage />)} />
          <Route path="complaints" element={gated('complaints', <ComplaintsPage />)} />
          <Route path="org" element={gated('org', <OrgPage />)} />
          <Route path="responsibility" element={gated('responsibility', <ResponsibilityPage />)} />
          <Route path="imports" element={gated('imports', <ImportsPage />)} />
          <Route path="setup" element={gated('setup', <SetupPage />)} />
          <Route path="admin" element={gated('admin', <AdminPage />)} />
          <Route path="graphiql" element={gated('graphiql', <IntegratorPage />)} />
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
