import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Select, Skeleton, Table, Tag, Typography, type ButtonProps } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  CreateSynonymGroupDocument,
  DeleteSynonymGroupDocument,
  SynonymGroupsDocument,
  UpdateSynonymGroupDocument,
  type SynonymGroupsQuery,
} from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import EmptyState from '../../components/EmptyState';
import Pager from '../../components/Pager';
import { errorMessage } from '../../api/errors';
import { useCursorPaging, useSticky } from '../../hooks/paging';
import { cleanTerms, formFieldOf, LIMITS, TERM_SEPARATORS } from './model';
import respTexts from '../../locales/features/resp.json';
import { addTexts } from '../../locales/texts';

addTexts(respTexts);

type Group = NonNullable<NonNullable<NonNullable<SynonymGroupsQuery['synonymGroups']['edges']>[number]>['node']>;
const PAGE = 20;

/** 同义词: shared groups of words 找谁办 treats as one across the whole list (ADMIN writes, a LEADER reads). */
export default function SynonymsTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const paging = useCursorPaging('groups');
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SynonymGroupsDocument, variables: { first: PAGE, after: paging.after } });
  const [, remove] = useMutation(DeleteSynonymGroupDocument);
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const shown = useSticky(data);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });

  if (!shown) {
    return error ? <ErrorState error={error} onRetry={refresh} /> : <Skeleton active paragraph={{ rows: 5 }} />;
  }
  const conn = shown.synonymGroups;
  const rows = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('resp.syn.explain')}</Typography.Text>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="syn-new">
            {t('resp.syn.new')}
          </Button>
        )}
      </Flex>
      {!canWrite && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('resp.syn.adminOnly')} />}
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(t, error)} />}
      <Table<Group>
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={rows}
        pagination={false}
        data-testid="syn-table"
        onRow={(g) => ({ 'data-group': g.id }) as React.HTMLAttributes<HTMLElement>}
        locale={{
          emptyText: (
            <EmptyState title={t('resp.syn.emptyTitle')} text={t('resp.syn.emptyText')}>
              {canWrite && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                  {t('resp.syn.new')}
                </Button>
              )}
            </EmptyState>
          ),
        }}
        columns={[
          {
            key: 'terms',
            title: t('resp.syn.terms'),
            render: (_, g) => (
              <Flex wrap gap={4}>
                {g.terms.map((w) => (
                  <Tag key={w} color="cyan" style={{ marginInlineEnd: 0 }}>
                    {w}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          { key: 'note', title: t('resp.syn.note'), width: 260, render: (_, g) => g.note || '—' },
          { key: 'updated', title: t('resp.syn.updated'), width: 150, render: (_, g) => dayjs(g.updatedAt).format('YYYY-MM-DD HH:mm') },
          ...(canWrite
            ? [
                {
                  key: 'actions',
                  title: t('resp.col.actions'),
                  width: 170,
                  render: (_: unknown, g: Group) => (
                    <Flex gap={4}>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(g)} data-testid="syn-edit">
                        {t('resp.edit')}
                      </Button>
                      <Popconfirm
                        title={t('resp.syn.deleteTitle')}
                        description={t('resp.syn.deleteText', { terms: g.terms.join('、') })}
                        okText={t('resp.actions.delete')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('common.cancel')}
                        onConfirm={async () => {
                          const r = await remove({ id: g.id });
                          if (r.error) message.error(errorMessage(t, r.error));
                          else {
                            message.success(t('resp.syn.deleted'));
                            refresh();
                          }
                        }}
                      >
                        <Button size="small" danger icon={<DeleteOutlined />} data-testid="syn-delete">
                          {t('resp.actions.delete')}
                        </Button>
                      </Popconfirm>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
        footer={
          conn.totalCount > PAGE
            ? () => (
                <Pager
                  total={conn.totalCount}
                  page={paging.page}
                  pageSize={PAGE}
                  hasNext={!!data && !!conn.pageInfo.hasNextPage}
                  busy={fetching}
                  onFirst={paging.first}
                  onPrev={paging.prev}
                  onNext={() => paging.next(conn.pageInfo.endCursor)}
                />
              )
            : undefined
        }
      />
      {editing && (
        <GroupModal
          group={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) refresh();
          }}
        />
      )}
    </>
  );
}

function GroupModal({ group, onClose }: { group: Group | null; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ terms: string[]; note: string }>();
  const [createRes, create] = useMutation(CreateSynonymGroupDocument);
  const [updateRes, update] = useMutation(UpdateSynonymGroupDocument);
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={group ? t('resp.syn.editTitle') : t('resp.syn.new')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={createRes.fetching || updateRes.fetching}
      okButtonProps={{ 'data-testid': 'syn-save' } as ButtonProps}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={formError} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ terms: group?.terms ?? [], note: group?.note ?? '' }}
        onFinish={async (v) => {
          setFormError(null);
          const terms = cleanTerms(v.terms);
          const note = (v.note ?? '').trim();
          const r = group ? await update({ id: group.id, terms, note }) : await create({ terms, note: note || null });
          if (r.error) {
            const msg = errorMessage(t, r.error);
            const field = formFieldOf(r.error);
            if (field === 'terms' || field === 'note') form.setFields([{ name: field, errors: [msg] }]);
            else setFormError(msg);
            return;
          }
          message.success(t('resp.syn.saved'));
          onClose(true);
        }}
      >
        <Form.Item
          name="terms"
          label={t('resp.syn.terms')}
          extra={t('resp.syn.termsHint')}
          rules={[
            {
              validator: async (_, value: string[] | undefined) => {
                const terms = cleanTerms(value);
                if (terms.length < 2) throw new Error(t('resp.syn.needTwo'));
                if (terms.length > LIMITS.groupTerms) throw new Error(t('resp.form.tooManyTerms', { max: LIMITS.groupTerms }));
                const long = terms.find((w) => w.length > LIMITS.term);
                if (long) throw new Error(t('resp.form.termTooLong', { term: long, max: LIMITS.term }));
              },
            },
          ]}
        >
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={TERM_SEPARATORS} placeholder="下水道、排水管道、下水管" data-testid="syn-terms" />
        </Form.Item>
        <Form.Item name="note" label={t('resp.syn.note')}>
          <Input maxLength={LIMITS.note} showCount data-testid="syn-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
