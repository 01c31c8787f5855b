import type { AccountRole } from './graphql/graphql';

export type Role = AccountRole;

/** One entry of the side menu: the route, the i18n key of its label, and the roles that see it. */
export interface NavItem {
  key: string;
  path: string;
  label: string;
  roles: readonly Role[];
  /** Pages reachable by URL only (detail pages, drill-downs) share their parent's roles. */
  hidden?: boolean;
}

const ALL: readonly Role[] = ['ADMIN', 'LEADER', 'STAFF', 'FRONTLINE'];

/** Menu order is also landing order: a role lands on its first entry. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'cockpit', path: '/cockpit', label: 'nav.cockpit', roles: ['ADMIN', 'LEADER'] },
  { key: 'rating', path: '/rating', label: 'nav.rating', roles: ['FRONTLINE'] },
  { key: 'tasks', path: '/tasks', label: 'nav.tasks', roles: ['ADMIN', 'LEADER', 'STAFF'] },
  { key: 'myRatings', path: '/my-ratings', label: 'nav.myRatings', roles: ['FRONTLINE'] },
  { key: 'find', path: '/find', label: 'nav.find', roles: ALL },
  { key: 'requests', path: '/requests', label: 'nav.requests', roles: ['FRONTLINE'] },
  { key: 'rectifications', path: '/rectifications', label: 'nav.rectifications', roles: ['ADMIN', 'LEADER', 'STAFF'] },
  { key: 'visits', path: '/visits', label: 'nav.visits', roles: ALL },
  { key: 'complaints', path: '/complaints', label: 'nav.complaints', roles: ['ADMIN', 'LEADER'] },
  { key: 'org', path: '/org', label: 'nav.org', roles: ['ADMIN', 'LEADER'] },
  { key: 'responsibility', path: '/responsibility', label: 'nav.responsibility', roles: ['ADMIN', 'LEADER'] },
  { key: 'imports', path: '/imports', label: 'nav.imports', roles: ['ADMIN', 'LEADER'] },
  { key: 'setup', path: '/setup', label: 'nav.setup', roles: ['ADMIN'], hidden: true },
  { key: 'admin', path: '/admin', label: 'nav.admin', roles: ['ADMIN'] },
  { key: 'graphiql', path: '/graphiql', label: 'nav.graphiql', roles: ALL },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((i) => !i.hidden && i.roles.includes(role));
}

/** May the role open the page (any of the keys)? */
export function canOpen(role: Role, key: string | readonly string[]): boolean {
  const keys = typeof key === 'string' ? [key] : key;
  return NAV_ITEMS.some((i) => keys.includes(i.key) && i.roles.includes(role));
}

/** Where a role lands after signing in. */
export function homePath(role: Role): string {
  return navFor(role)[0]?.path ?? '/graphiql';
}
