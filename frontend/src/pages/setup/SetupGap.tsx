import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Flex } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { SetupResponsibilityCountDocument } from '../../graphql/graphql';
import EmptyState from '../../components/EmptyState';
import { useAuth } from '../../auth/store';
import { firstMissing, useSetupStatus, type Need } from './status';
import setupTexts from '../../locales/features/setup.json';
import { addTexts } from '../../locales/texts';

addTexts(setupTexts);

interface Fix {
  to: string;
  label: string;
  primary?: boolean;
}

/** Where each missing thing is fixed, by role: ADMIN sets up, LEADER maintains their part, others ask. */
function fixes(need: Need, role: string | undefined): Fix[] {
  const admin = role === 'ADMIN';
  const leader = role === 'LEADER';
  switch (need) {
    case 'agency':
      return admin ? [{ to: '/setup', label: 'setupGap.startSetup', primary: true }] : [];
    case 'departments':
      return admin
        ? [
            { to: '/setup', label: 'setupGap.continueSetup', primary: true },
            { to: '/imports?kind=DEPARTMENTS', label: 'setupGap.importDepartments' },
          ]
        : leader
          ? [{ to: '/org', label: 'setupGap.openOrg', primary: true }]
          : [];
    case 'staff':
      return admin || leader
        ? [
            { to: '/org', label: 'setupGap.addStaff', primary: true },
            { to: '/imports?kind=STAFF', label: 'setupGap.importStaff' },
          ]
        : [];
    case 'responsibility':
      return admin || leader
        ? [
            { to: '/responsibility', label: 'setupGap.addItems', primary: true },
            { to: '/imports?kind=RESPONSIBILITY_ITEMS', label: 'setupGap.importItems' },
          ]
        : [];
  }
}

/** The empty state for a missing piece of the agency's data: what is missing, and the step that fixes it. */
export function SetupGapState({ need }: { need: Need }) {
  const { t } = useTranslation();
  const { viewer } = useAuth();
  const navigate = useNavigate();
  const links = fixes(need, viewer?.role);
  return (
    <div data-testid={`setup-gap-${need}`}>
      <EmptyState
        title={t(`setupGap.${need}Title`)}
        text={t(links.length ? `setupGap.${need}Text` : `setupGap.${need}AskAdmin`)}
      >
        {links.length > 0 && (
          <Flex gap={8} justify="center" wrap>
            {links.map((l) => (
              <Button key={l.to} type={l.primary ? 'primary' : 'default'} onClick={() => navigate(l.to)}>
                {t(l.label)}
              </Button>
            ))}
          </Flex>
        )}
      </EmptyState>
    </div>
  );
}

/**
 * The empty state of a page that shows nothing useful until the agency has the data in `needs`
 * (checked in order), or null when it has it, or while the status is loading or failed (the page's own
 * states take over).
 */
export function useSetupGap(needs: readonly Need[]): ReactNode | null {
  const { status } = useSetupStatus();
  const wantsItems = needs.includes('responsibility');
  const [items] = useQuery({ query: SetupResponsibilityCountDocument, pause: !wantsItems });
  const missing = firstMissing(status, needs, items.data?.responsibilityItems.totalCount);
  return missing ? <SetupGapState need={missing} /> : null;
}
