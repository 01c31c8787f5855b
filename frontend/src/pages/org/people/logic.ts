// The non-visual logic of the staff, leave and accounts pages: filters to `where` inputs, form values to
// mutation inputs, server error fields to form fields, one-time passwords and the file that hands them out.
import type { AccountRole, StaffLeaveWhereInput, StaffWhereInput } from '../../../graphql/graphql';
import { toAppError } from '../../../api/errors';

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** The calendar day (YYYY-MM-DD, Asia/Shanghai) of an RFC 3339 time. */
export function shanghaiDay(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
}

/** The last day of a half-open [from, to) range whose end is 00:00 of the day after (Asia/Shanghai). */
export function lastDayBefore(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return shanghaiDay(new Date(ms - 1).toISOString());
}

/** 00:00 Asia/Shanghai of a YYYY-MM-DD day, as RFC 3339; `plusDays` moves it. */
export function shanghaiMidnight(day: string, plusDays = 0): string {
  const ms = Date.parse(`${day}T00:00:00+08:00`) + plusDays * DAY_MS;
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 19) + '+08:00';
}

/** Whole days from first to last, both included. */
export function daysInclusive(first: string, last: string): number {
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS) + 1;
}

export interface DeptLike {
  id: string;
  parentID?: string | null;
}

/** The department and every department below it, among `depts`. */
export function subtreeIds(depts: DeptLike[], rootId: string): string[] {
  const children = new Map<string, string[]>();
  for (const d of depts) {
    if (!d.parentID) continue;
    const list = children.get(d.parentID) ?? [];
    list.push(d.id);
    children.set(d.parentID, list);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    for (const c of children.get(id) ?? []) stack.push(c);
  }
  return out;
}

export interface StaffFilters {
  q?: string;
  /** Department ids of the chosen department's subtree. */
  departments?: string[];
  active?: 'active' | 'inactive' | 'all';
}

/** The staff list's filters as a StaffWhereInput (undefined: everyone). */
export function staffWhere({ q, departments, active = 'active' }: StaffFilters): StaffWhereInput | undefined {
  const w: StaffWhereInput = {};
  const text = q?.trim();
  if (text) w.or = [{ nameContains: text }, { employeeNoContains: text }];
  if (departments?.length) w.departmentIDIn = departments;
  if (active === 'active') w.active = true;
  if (active === 'inactive') w.active = false;
  return Object.keys(w).length ? w : undefined;
}

export interface LeaveFilters {
  staff?: string;
  departments?: string[];
  /** Inclusive days, YYYY-MM-DD: the absences touching [from, to]. */
  from?: string;
  to?: string;
  kind?: 'LEAVE' | 'TRIP';
}

/** The leave list's filters as a StaffLeaveWhereInput (an absence shows when it touches the range). */
export function leaveWhere({ staff, departments, from, to, kind }: LeaveFilters): StaffLeaveWhereInput | undefined {
  const w: StaffLeaveWhereInput = {};
  if (staff) w.staffID = staff;
  if (departments?.length) w.hasStaffWith = [{ departmentIDIn: departments }];
  if (from) w.endsAtGT = shanghaiMidnight(from);
  if (to) w.startsAtLT = shanghaiMidnight(to, 1);
  if (kind) w.kind = kind;
  return Object.keys(w).length ? w : undefined;
}

/**
 * Where the server's `extensions.field` belongs in a form: "input.secondment.lastDay" → ["secondment",
 * "lastDay"], "inputs[2].login" → ["rows", 2, "login"]. Null when the error names no field.
 */
export function formFieldOf(field: string | undefined | null, listName = 'rows'): (string | number)[] | null {
  if (!field) return null;
  const bulk = /^inputs\[(\d+)\]\.(.+)$/.exec(field);
  if (bulk) return [listName, Number(bulk[1]), ...bulk[2].split('.')];
  const rest = field.replace(/^input\./, '');
  if (!rest || rest === 'input' || rest === 'inputs') return null;
  return rest.split('.');
}

/**
 * The server error as a field error of a form, when it names one the form has: `known` lists the form's
 * field paths (joined with "."; list rows as "rows.*.login"). Null when the error belongs to no field.
 */
export function fieldError(
  error: unknown,
  known: string[],
  listName = 'rows',
): { name: (string | number)[]; code: string } | null {
  const app = toAppError(error);
  if (app.code !== 'BAD_USER_INPUT' && app.code !== 'CONFLICT') return null;
  const name = formFieldOf(app.field, listName);
  if (!name) return null;
  const pattern = name.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
  return known.includes(pattern) ? { name, code: app.code } : null;
}

export interface StaffFormValues {
  name: string;
  employeeNo: string;
  department: string;
  position?: string;
  rank?: string;
  weeklyCapacityHours?: number | null;
  mentor?: string | null;
  servingDepartment?: string | null;
  /** YYYY-MM-DD or empty. */
  secondmentFirstDay?: string | null;
  secondmentLastDay?: string | null;
  active: boolean;
}

export interface StaffOriginal {
  mentor?: { id: string } | null;
  secondedTo?: { id: string } | null;
}

/** A secondment of the form, or null when no department served is chosen. */
function secondmentOf(v: StaffFormValues) {
  if (!v.servingDepartment) return null;
  return {
    servingDepartment: v.servingDepartment,
    ...(v.secondmentFirstDay ? { firstDay: v.secondmentFirstDay } : {}),
    ...(v.secondmentLastDay ? { lastDay: v.secondmentLastDay } : {}),
  };
}

/** createStaff's input from the form. */
export function createStaffInput(v: StaffFormValues) {
  const secondment = secondmentOf(v);
  return {
    name: v.name.trim(),
    employeeNo: v.employeeNo.trim(),
    department: v.department,
    position: v.position?.trim() ?? '',
    rank: v.rank?.trim() ?? '',
    ...(v.weeklyCapacityHours != null ? { weeklyCapacityHours: v.weeklyCapacityHours } : {}),
    ...(v.mentor ? { mentor: v.mentor } : {}),
    ...(secondment ? { secondment } : {}),
    active: v.active,
  };
}

/**
 * updateStaff's input from the form: every field is sent; a mentor or secondment the person had and the
 * form cleared is sent as null (removed), one they never had is left out.
 */
export function updateStaffInput(v: StaffFormValues, original: StaffOriginal) {
  const secondment = secondmentOf(v);
  const input: Record<string, unknown> = {
    name: v.name.trim(),
    employeeNo: v.employeeNo.trim(),
    department: v.department,
    position: v.position?.trim() ?? '',
    rank: v.rank?.trim() ?? '',
    active: v.active,
  };
  if (v.weeklyCapacityHours != null) input.weeklyCapacityHours = v.weeklyCapacityHours;
  if (v.mentor) input.mentor = v.mentor;
  else if (original.mentor) input.mentor = null;
  if (secondment) input.secondment = secondment;
  else if (original.secondedTo) input.secondment = null;
  return input;
}

/** Roles whose account must belong to a person (only ADMIN accounts may stand alone). */
export function needsStaff(role: AccountRole | undefined): boolean {
  return role === 'STAFF' || role === 'LEADER' || role === 'FRONTLINE';
}

// No 0/O, 1/l/I: read aloud and typed from paper without mistakes.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password to hand over (for resetPassword): `length` characters, letters and digits, both present. */
export function generatePassword(length = 12, random: (n: number) => Uint32Array = cryptoRandom): string {
  for (;;) {
    const bytes = random(length);
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
    if (/\d/.test(out) && /[a-z]/i.test(out)) return out;
  }
}

function cryptoRandom(n: number): Uint32Array {
  const a = new Uint32Array(n);
  crypto.getRandomValues(a);
  return a;
}

export interface HandOut {
  login: string;
  role: AccountRole;
  name?: string | null;
  employeeNo?: string | null;
  password: string;
}

function csvCell(s: string): string {
  // A leading = + - @ would be run as a formula by Excel: quote it behind an apostrophe.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The hand-out file (CSV with a BOM, so Excel reads the Chinese): one row per account. */
export function handOutCsv(rows: HandOut[], header: string[], roleLabel: (r: AccountRole) => string): string {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) {
    lines.push([r.login, roleLabel(r.role), r.name ?? '', r.employeeNo ?? '', r.password].map(csvCell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** The hand-out as plain text for the clipboard: "login<TAB>password" per line. */
export function handOutText(rows: HandOut[]): string {
  return rows.map((r) => `${r.login}\t${r.name ?? ''}\t${r.password}`).join('\n');
}

export interface PastedRow {
  /** 1-based line of the pasted text. */
  line: number;
  login: string;
  employeeNo: string;
  role: AccountRole;
}

const ROLE_WORDS: Record<string, AccountRole> = {
  ADMIN: 'ADMIN',
  LEADER: 'LEADER',
  STAFF: 'STAFF',
  FRONTLINE: 'FRONTLINE',
  系统管理员: 'ADMIN',
  管理员: 'ADMIN',
  领导: 'LEADER',
  机关干部: 'STAFF',
  干部: 'STAFF',
  一线单位: 'FRONTLINE',
  一线: 'FRONTLINE',
};

/**
 * Rows pasted from a spreadsheet: "login, employee no., role" a line (tab or comma separated; the role
 * as ADMIN/LEADER/STAFF/FRONTLINE or its Chinese name, default STAFF, ADMIN when no employee number is
 * given). A first line naming the columns is skipped; an unknown role is an error of its line.
 */
export function parsePastedAccounts(text: string): { rows: PastedRow[]; errors: { line: number; text: string }[] } {
  const rows: PastedRow[] = [];
  const errors: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const cells = raw.split(/\t|,|，/).map((c) => c.trim());
    const [login = '', employeeNo = '', roleText = ''] = cells;
    if (i === 0 && /^(账号|登录名|login)$/i.test(login)) return;
    if (!login) {
      errors.push({ line, text: raw });
      return;
    }
    let role: AccountRole | undefined;
    if (roleText) role = ROLE_WORDS[roleText] ?? ROLE_WORDS[roleText.toUpperCase()];
    else role = employeeNo ? 'STAFF' : 'ADMIN';
    if (!role) {
      errors.push({ line, text: raw });
      return;
    }
    rows.push({ line, login, employeeNo, role });
  });
  return { rows, errors };
}
