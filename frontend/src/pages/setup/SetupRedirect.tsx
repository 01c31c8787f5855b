import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth/store';
import { useSetupStatus } from './status';

/** Pages an administrator may open before the agency exists: the wizard and what it links to. */
const OPEN_BEFORE_SETUP = ['/setup', '/imports', '/admin', '/graphiql'];

/**
 * Sends an ADMIN to the first-start wizard (/setup) while the agency is not set up (setupStatus has no
 * root). Renders nothing; mounted once in the app shell.
 */
export default function SetupRedirect() {
  const { viewer } = useAuth();
  const admin = viewer?.role === 'ADMIN';
  const { status } = useSetupStatus({ pause: !admin });
  const location = useLocation();
  const navigate = useNavigate();
  const notSetUp = admin && !!status && !status.root;
  const free = OPEN_BEFORE_SETUP.some((p) => location.pathname === p || location.pathname.startsWith(`${p}/`));
  useEffect(() => {
    if (notSetUp && !free) navigate('/setup', { replace: true });
  }, [notSetUp, free, navigate]);
  return null;
}
