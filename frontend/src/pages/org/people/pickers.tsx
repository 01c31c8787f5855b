import { useMemo, useState } from 'react';
import { Select, TreeSelect } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { PeopleDepartmentsDocument, PersonPickerDocument, type PeopleDepartmentsQuery } from '../../../graphql/graphql';
import { deptTree } from '../../../hooks/org';
import { useAuth } from '../../../auth/store';
import { subtreeIds } from './logic';
import peopleTexts from '../../../locales/features/people.json';
import { addTexts } from '../../../locales/texts';

addTexts(peopleTexts);

export type OpenDept = NonNullable<NonNullable<NonNullable<PeopleDepartmentsQuery['departments']['edges']>[number]>['node']>;

/**
 * The open departments the viewer maintains (ADMIN: all; a LEADER: their subtree), as a list, a tree and
 * a function giving a department's subtree.
 */
export function useOpenDepartments() {
  const { viewer } = useAuth();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: PeopleDepartmentsDocument, requestPolicy: 'cache-and-network' });
  return useMemo(() => {
    let all: OpenDept[] = (data?.departments?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
    const own = viewer?.role === 'LEADER' ? viewer.department?.id : undefined;
    let scope: string[] | undefined;
    if (own && all.some((d) => d.id === own)) {
      scope = subtreeIds(all, own);
      const mine = new Set(scope);
      all = all.filter((d) => mine.has(d.id));
    }
    const tree = deptTree(all.map((d) => ({ ...d, code: '', visitQuotaPerYear: 0 })));
    return {
      all,
      tree,
      /** A LEADER's subtree (the departments they maintain); undefined for ADMIN (everything). */
      scope,
      fetching,
      error,
      loaded: !!data,
      retry: () => reexecute({ requestPolicy: 'network-only' }),
      subtree: (id: string) => subtreeIds(all, id),
    };
  }, [data, fetching, error, viewer, reexecute]);
}

interface DeptPickerProps {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  testId?: string;
  exclude?: string | null;
}

/** An open department, picked from the tree (searchable by name). */
export function DeptPicker({ value, onChange, placeholder, allowClear = true, style, testId, exclude }: DeptPickerProps) {
  const { t } = useTranslation();
  const depts = useOpenDepartments();
  const tree = useMemo(() => {
    if (!exclude) return depts.tree;
    const strip = (nodes: typeof depts.tree): typeof depts.tree =>
      nodes.map((n) => ({ ...n, disabled: n.value === exclude, children: n.children ? strip(n.children) : undefined }));
    return strip(depts.tree);
  }, [depts.tree, exclude]);
  return (
    <TreeSelect
      data-testid={testId}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={tree}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      loading={depts.fetching}
      placeholder={placeholder ?? t('people.common.department')}
      style={style}
      popupMatchSelectWidth={false}
      notFoundContent={t('common.noMatch')}
    />
  );
}

interface PersonPickerProps {
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  /** Shown until the list is searched (the current value's label). */
  initialLabel?: string | null;
  activeOnly?: boolean;
  exclude?: string | null;
  testId?: string;
  disabled?: boolean;
  /** The label of a value not among the searched options (e.g. filled in from elsewhere). */
  labelOf?: (id: string) => string | undefined;
  /** Only people of these departments (a LEADER's subtree). */
  departments?: string[];
  /** Name the accounts each person has already (ADMIN, when opening accounts). */
  withAccounts?: boolean;
}

// Labels of the people seen in any search: a picker remounted (a row of a list set anew) still shows the
// person chosen rather than an id.
const seenLabels = new Map<string, string>();

/** A staff member, searched by name or employee number (20 at a time). */
export function PersonPicker({ value, onChange, placeholder, style, initialLabel, activeOnly = true, exclude, testId, disabled, departments, labelOf, withAccounts = false }: PersonPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const text = search.trim();
  const [{ data, fetching }] = useQuery({
    query: PersonPickerDocument,
    variables: {
      where: {
        ...(text ? { or: [{ nameContains: text }, { employeeNoContains: text }] } : {}),
        ...(activeOnly ? { active: true } : {}),
        ...(exclude ? { idNEQ: exclude } : {}),
        ...(departments ? { departmentIDIn: departments } : {}),
      },
      withAccounts,
    },
    pause: !text,
  });
  const options = (data?.staffMembers.edges ?? []).flatMap((e) =>
    e?.node
      ? [
          {
            value: e.node.id,
            label:
              `${e.node.name}（${e.node.employeeNo}）· ${e.node.department.name}` +
              (e.node.accounts?.length ? ` · ${t('people.common.hasAccount', { logins: e.node.accounts.map((a) => a.login).join('、') })}` : ''),
          },
        ]
      : [],
  );
  for (const o of options) seenLabels.set(o.value, o.label);
  const known = value ? (labelOf?.(value) ?? seenLabels.get(value) ?? initialLabel) : null;
  if (value && known && !options.some((o) => o.value === value)) options.unshift({ value, label: known });
  return (
    <Select
      data-testid={testId}
      allowClear
      disabled={disabled}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      placeholder={placeholder ?? t('people.common.personSearch')}
      loading={fetching}
      notFoundContent={text ? t('common.noMatch') : t('people.common.typeToSearch')}
      options={options}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}
