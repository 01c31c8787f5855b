import type { AccountRole } from './graphql/graphql';

export type Role = AccountRole;

/** One entry of the side menu: the route, the i18n key of its label, and the roles that see it. */
export interface NavItem {
  key: string;
  path: string;
  label: string;
  roles: readonly Role[];
}

const ALL: readonly Role[] = ['ADMIN', 'LEADER', 'STAFF', 'FRONTLINE'];

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'cockpit', path: '/cockpit', label: 'nav.cockpit', roles: ['ADMIN', 'LEADER'] },
  { key: 'tasks', path: '/tasks', label: 'nav.tasks', roles: ['ADMIN', 'LEADER', 'STAFF'] },
  { key: 'find', path: '/find', label: 'nav.find', roles: ['ADMIN', 'FRONTLINE'] },
  { key: 'rating', path: '/rating', label: 'nav.rating', roles: ['ADMIN', 'FRONTLINE'] },
  { key: 'admin', path: '/admin', label: 'nav.admin', roles: ['ADMIN'] },
  { key: 'graphiql', path: '/graphiql', label: 'nav.graphiql', roles: ALL },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((i) => i.roles.includes(role));
}

export function canOpen(role: Role, key: string): boolean {
  return NAV_ITEMS.some((i) => i.key === key && i.roles.includes(role));
}

/** Where a role lands after signing in. */
export function homePath(role: Role): string {
  return navFor(role)[0]?.path ?? '/graphiql';
}
