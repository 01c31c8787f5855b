import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { restoreSession, useAuth } from './store';
import FullPageSpin from '../components/FullPageSpin';

/** Renders its children for a signed-in user; restores a stored session first; else goes to /login. */
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
  return <>{children}</>;
}
