import type {
  CreateResponsibilityItemInput,
  ResponsibilityItemList,
  ResponsibilityItemWhereInput,
  RespItemFieldsFragment,
  UpdateResponsibilityItemInput,
} from '../../graphql/graphql';
import { toAppError } from '../../api/errors';

export type Item = RespItemFieldsFragment;

export const LISTS: ResponsibilityItemList[] = ['RESPONSIBILITY', 'POWER', 'NEGATIVE'];

/** The limits of graph/responsibility.graphqls (CreateResponsibilityItemInput). */
export const LIMITS = {
  title: 200,
  categoryPath: 300,
  levels: 8,
  level: 50,
  terms: 50,
  term: 30,
  hours: [1, 240] as const,
  days: [1, 250] as const,
  commitment: 1000,
  legalBasis: 2000,
  contact: 200,
  groupTerms: 50,
  note: 200,
};

/** The characters that separate keywords and synonyms (typing one ends a word). */
export const TERM_SEPARATORS = ['、', ',', '，', ';', '；', '|'];

/** The filters of the item list, kept in the URL. */
export interface ItemFilters {
  /** A category path prefix (设施设备/给排水). */
  cat: string | null;
  /** A responsible department. */
  dept: string | null;
  /** Only items nobody is responsible for (职责空白). */
  unowned: boolean;
  /** Show retired items too. */
  retired: boolean;
  /** A 找谁办 trial search. */
  q: string;
}

export function readFilters(p: URLSearchParams): ItemFilters {
  return {
    cat: p.get('cat') || null,
    dept: p.get('dept') || null,
    unowned: p.get('unowned') === '1',
    retired: p.get('retired') === '1',
    q: p.get('q') ?? '',
  };
}

export function writeFilters(p: URLSearchParams, f: ItemFilters): URLSearchParams {
  const out = new URLSearchParams(p);
  const set = (k: string, v: string | null) => (v ? out.set(k, v) : out.delete(k));
  set('cat', f.cat);
  set('dept', f.dept);
  set('unowned', f.unowned ? '1' : null);
  set('retired', f.retired ? '1' : null);
  set('q', f.q.trim() || null);
  return out;
}

/** The connection filter of the item list. */
export function itemWhere(f: ItemFilters): ResponsibilityItemWhereInput | undefined {
  const and: ResponsibilityItemWhereInput[] = [];
  if (f.cat) and.push({ or: [{ categoryPath: f.cat }, { categoryPathHasPrefix: `${f.cat}/` }] });
  if (f.unowned) and.push({ responsibleDepartmentIDIsNil: true });
  else if (f.dept) and.push({ responsibleDepartmentID: f.dept });
  if (!f.retired) and.push({ retiredAtIsNil: true });
  if (and.length === 0) return undefined;
  return and.length === 1 ? and[0] : { and };
}

export interface CategoryNode {
  key: string;
  title: string;
  /** Items at or below this level. */
  count: number;
  children: CategoryNode[];
}

/** The category tree of the list: each level of each path, with the number of items at or below it. */
export function categoryTree(paths: string[]): CategoryNode[] {
  const roots: CategoryNode[] = [];
  const byKey = new Map<string, CategoryNode>();
  for (const path of paths) {
    const levels = path.split('/').map((s) => s.trim()).filter(Boolean);
    let siblings = roots;
    let key = '';
    for (const level of levels) {
      key = key ? `${key}/${level}` : level;
      let node = byKey.get(key);
      if (!node) {
        node = { key, title: level, count: 0, children: [] };
        byKey.set(key, node);
        siblings.push(node);
      }
      node.count++;
      siblings = node.children;
    }
  }
  const sort = (nodes: CategoryNode[]) => {
    nodes.sort((a, b) => a.title.localeCompare(b.title, 'zh'));
    nodes.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The values of the item drawer's form. */
export interface ItemForm {
  list: ResponsibilityItemList;
  title: string;
  categoryPath: string;
  keywords: string[];
  synonyms: string[];
  responsibleDepartment?: string | null;
  leadDepartment?: string | null;
  respondWithinHours: number;
  resolveWithinDays: number;
  commitment: string;
  legalBasis: string;
  contact: string;
}

export function formOf(it: Item | null): ItemForm {
  return {
    list: it?.list ?? 'RESPONSIBILITY',
    title: it?.title ?? '',
    categoryPath: it?.categoryPath ?? '',
    keywords: it?.keywords ?? [],
    synonyms: it?.synonyms ?? [],
    responsibleDepartment: it?.responsibleDepartment?.id ?? null,
    leadDepartment: it?.leadDepartment?.id ?? null,
    respondWithinHours: it?.respondWithinHours ?? 4,
    resolveWithinDays: it?.resolveWithinDays ?? 5,
    commitment: it?.commitment ?? '',
    legalBasis: it?.legalBasis ?? '',
    contact: it?.contact ?? '',
  };
}

/** Trims words, drops empties and repeats, splits words pasted with a separator. */
export function cleanTerms(terms: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of terms ?? []) {
    for (const part of raw.split(/[、,，;；|\r\n]/)) {
      const w = part.trim();
      if (w && !out.includes(w)) out.push(w);
    }
  }
  return out;
}

/** The category path as the server stores it: levels trimmed, joined by /. */
export function cleanPath(p: string): string {
  return p
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean)
    .join('/');
}

export function createInput(v: ItemForm): CreateResponsibilityItemInput {
  return {
    list: v.list,
    title: v.title.trim(),
    categoryPath: cleanPath(v.categoryPath),
    keywords: cleanTerms(v.keywords),
    synonyms: cleanTerms(v.synonyms),
    ...(v.responsibleDepartment ? { responsibleDepartment: v.responsibleDepartment } : {}),
    ...(v.leadDepartment ? { leadDepartment: v.leadDepartment } : {}),
    respondWithinHours: v.respondWithinHours,
    resolveWithinDays: v.resolveWithinDays,
    commitment: v.commitment.trim(),
    legalBasis: v.legalBasis.trim(),
    contact: v.contact.trim(),
  };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only what changed (a LEADER may change an item without touching the departments they could not set). */
export function updateInput(before: Item, v: ItemForm): UpdateResponsibilityItemInput {
  const next = createInput(v);
  const out: UpdateResponsibilityItemInput = {};
  if (next.list !== before.list) out.list = next.list;
  if (next.title !== before.title) out.title = next.title;
  if (next.categoryPath !== before.categoryPath) out.categoryPath = next.categoryPath;
  if (!sameList(next.keywords ?? [], before.keywords ?? [])) out.keywords = next.keywords;
  if (!sameList(next.synonyms ?? [], before.synonyms ?? [])) out.synonyms = next.synonyms;
  const resp = v.responsibleDepartment || null;
  if (resp !== (before.responsibleDepartment?.id ?? null)) {
    if (resp) out.responsibleDepartment = resp;
    else out.clearResponsibleDepartment = true;
  }
  const lead = v.leadDepartment || null;
  if (lead !== (before.leadDepartment?.id ?? null)) {
    if (lead) out.leadDepartment = lead;
    else out.clearLeadDepartment = true;
  }
  if (next.respondWithinHours !== before.respondWithinHours) out.respondWithinHours = next.respondWithinHours;
  if (next.resolveWithinDays !== before.resolveWithinDays) out.resolveWithinDays = next.resolveWithinDays;
  if (next.commitment !== before.commitment) out.commitment = next.commitment;
  if (next.legalBasis !== before.legalBasis) out.legalBasis = next.legalBasis;
  if (next.contact !== before.contact) out.contact = next.contact;
  return out;
}

const FORM_FIELDS: Record<string, string> = {
  list: 'list',
  title: 'title',
  categoryPath: 'categoryPath',
  keywords: 'keywords',
  synonyms: 'synonyms',
  responsibleDepartment: 'responsibleDepartment',
  clearResponsibleDepartment: 'responsibleDepartment',
  leadDepartment: 'leadDepartment',
  clearLeadDepartment: 'leadDepartment',
  respondWithinHours: 'respondWithinHours',
  resolveWithinDays: 'resolveWithinDays',
  commitment: 'commitment',
  legalBasis: 'legalBasis',
  contact: 'contact',
  terms: 'terms',
  note: 'note',
};

/**
 * The form field a server error names (`input.keywords[3]` → keywords, `terms[0]` → terms), or null
 * when it names none of the form's.
 */
export function formFieldOf(error: unknown): string | null {
  const { field } = toAppError(error);
  if (!field) return null;
  const name = field.replace(/^input\./, '').replace(/\[\d+\]$/, '');
  return FORM_FIELDS[name] ?? null;
}

/** The ids of a department and every department below it. */
export function subtreeOf(root: string | null | undefined, depts: { id: string; parentID?: string | null }[]): Set<string> {
  const out = new Set<string>();
  if (!root) return out;
  out.add(root);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of depts) {
      if (d.parentID && out.has(d.parentID) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
    }
  }
  return out;
}
