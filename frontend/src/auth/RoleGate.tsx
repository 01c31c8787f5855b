import type { ReactNode } from 'react';
import { useAuth } from './store';
import { canOpen } from '../nav';
import StatusPage from '../pages/placeholder/StatusPage';

/** Shows a page only to the roles whose menu lists it (any of `page` when several). */
export default function RoleGate({ page, children }: { page: string | readonly string[]; children: ReactNode }) {
  const { viewer } = useAuth();
  if (!viewer || !canOpen(viewer.role, page)) return <StatusPage kind="forbidden" />;
  return <>{children}</>;
}
