import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { restoreSession, useAuth } from './store';
import FullPageSpin from '../components/FullPageSpin';

export const CHANGE_PASSWORD_PATH = '/change-password';

/**
 * Renders its children for a signed-in user; restores a stored session first; else goes to /login.
 * A viewer whose password an administrator set (viewer.mustChangePassword) goes to /change-password
 * from anywhere, remembering where they were headed.
 */
export default function RequireAuth({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const location = useLocation();
  useEffect(() => {
    if (auth.status === 'restoring') void restoreSession();
  }, [auth.status]);
  if (auth.status === 'restoring') return <FullPageSpin />;
  if (auth.status !== 'authenticated' || !auth.viewer) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (auth.viewer.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}
