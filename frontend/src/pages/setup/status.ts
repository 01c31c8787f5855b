import { useQuery } from 'urql';
import { SetupStatusDocument, type SetupStatusQuery } from '../../graphql/graphql';

export type SetupStatus = SetupStatusQuery['setupStatus'];

/** What a page needs before it can show anything useful. */
export type Need = 'agency' | 'departments' | 'staff' | 'responsibility';

/** Queries the result of a department write refreshes (urql's document cache keys on typenames). */
const CONTEXT = { additionalTypenames: ['Department', 'Staff', 'Account', 'WorkCalendar'] };

/** How far the agency's setup has come (every role may read it). */
export function useSetupStatus({ pause = false }: { pause?: boolean } = {}) {
  const [res, reexecute] = useQuery({ query: SetupStatusDocument, pause, context: CONTEXT });
  return {
    status: res.data?.setupStatus,
    fetching: res.fetching,
    error: res.error,
    refresh: () => reexecute({ requestPolicy: 'network-only' }),
  };
}

/** The first of `needs` the status lacks (responsibility: given the item count), or null. */
export function firstMissing(status: SetupStatus | undefined, needs: readonly Need[], responsibilityItems?: number): Need | null {
  if (!status) return null;
  for (const n of needs) {
    if (n === 'agency' && !status.root) return n;
    if (n === 'departments' && status.agencyDepartments + status.frontlineUnits === 0) return n;
    if (n === 'staff' && status.activeStaff === 0) return n;
    if (n === 'responsibility' && responsibilityItems === 0) return n;
  }
  return null;
}

/** The wizard's steps: which are done according to the status. */
export function stepsDone(status: SetupStatus | undefined, year: number) {
  return {
    agency: !!status?.root,
    departments: !!status && status.agencyDepartments + status.frontlineUnits > 0,
    calendar: !!status && status.calendarYears.includes(year),
    // The first administrator is always there: "done" means someone else has an account.
    accounts: !!status && status.accounts > 1,
  };
}
