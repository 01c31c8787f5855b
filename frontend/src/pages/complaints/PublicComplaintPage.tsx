import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Result,
  Select,
  Steps,
  Switch,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { CopyOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import {
  ComplaintByTrackingCodeDocument,
  FileComplaintDocument,
  PublicDepartmentsDocument,
  StaffSearchDocument,
  type ComplaintCategory,
  type PublicComplaintFieldsFragment,
} from '../../graphql/graphql';
import LanguageSwitch from '../../components/LanguageSwitch';
import ErrorState from '../../components/ErrorState';
import { errorMessage, toAppError } from '../../api/errors';
import { restoreSession, useAuth } from '../../auth/store';
import { useDepartments } from '../../hooks/org';
import styles from './PublicComplaintPage.module.css';

export const CATEGORIES: ComplaintCategory[] = ['BUCK_PASSING', 'DELAY', 'DISCIPLINE', 'ATTITUDE', 'OTHER'];
export const COMPLAINT_STATUS_COLORS: Record<string, string> = {
  RECEIVED: 'default',
  ACCEPTED: 'blue',
  INVESTIGATING: 'processing',
  RESOLVED: 'green',
  REJECTED: 'red',
};

interface Values {
  anonymous: boolean;
  name?: string;
  contact?: string;
  department?: string;
  staff?: string;
  category: ComplaintCategory;
  text: string;
}

/** 效能投诉 (public, no login): file a complaint and follow it by its tracking code. */
export default function PublicComplaintPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  const [params, setParams] = useSearchParams();
  // A signed-in visitor (e.g. a frontline unit's staff) can pick the department from the list.
  useEffect(() => {
    if (auth.status === 'restoring') void restoreSession();
  }, [auth.status]);
  const tab = params.get('code') || params.get('tab') === 'track' ? 'track' : 'file';
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <Link to="/" className={styles.brand}>
          <span className={styles.mark}>效</span>
          <span>{t('complaint.publicBrand')}</span>
        </Link>
        <LanguageSwitch />
      </header>
      <main className={styles.main}>
        <Card>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('complaint.publicTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('complaint.publicIntro')}</Typography.Paragraph>
          <Tabs
            activeKey={tab}
            onChange={(k) => setParams(k === 'track' ? { tab: 'track' } : {}, { replace: true })}
            items={[
              { key: 'file', label: t('complaint.fileTab'), children: <FileForm onTrack={(code) => setParams({ code })} /> },
              { key: 'track', label: t('complaint.trackTab'), children: <Track initial={params.get('code') ?? ''} /> },
            ]}
          />
        </Card>
      </main>
    </div>
  );
}

function FileForm({ onTrack }: { onTrack: (code: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const auth = useAuth();
  const signedIn = auth.status === 'authenticated';
  // A department's own link (e.g. the QR code at its service window): /complaint?dept=<id>&deptName=<name>.
  const [params] = useSearchParams();
  const presetDept = params.get('dept');
  const presetName = params.get('deptName') ?? '';
  const [form] = Form.useForm<Values>();
  const anonymous = Form.useWatch('anonymous', form) ?? true;
  const department = Form.useWatch('department', form);
  const depts = useDepartments({ pause: !signedIn });
  // Without a login the agency departments come from the public list (names only).
  const [publicDepts] = useQuery({ query: PublicDepartmentsDocument, pause: signedIn || !!presetDept });
  const [staffSearch, setStaffSearch] = useState('');
  const [staff] = useQuery({
    query: StaffSearchDocument,
    variables: {
      where: staffSearch.trim()
        ? { active: true, nameContains: staffSearch.trim(), hasDepartmentWith: [{ kind: 'AGENCY' }] }
        : { active: true, departmentID: department ?? '' },
      first: 30,
    },
    pause: !signedIn || (!staffSearch.trim() && !department),
  });
  const [res, file] = useMutation(FileComplaintDocument);
  const [filed, setFiled] = useState<PublicComplaintFieldsFragment | null>(null);

  if (filed) {
    return (
      <Result
        status="success"
        title={t('complaint.filed')}
        subTitle={t('complaint.filedText', { due: dayjs(filed.acceptDueAt).format('YYYY-MM-DD') })}
        extra={
          <div>
            <div className={styles.code} data-testid="tracking-code">
              {filed.trackingCode}
            </div>
            <Typography.Paragraph type="warning">{t('complaint.keepCode')}</Typography.Paragraph>
            <Button
              icon={<CopyOutlined />}
              onClick={() => {
                void navigator.clipboard?.writeText(filed.trackingCode).then(
                  () => message.success(t('complaint.copied')),
                  () => undefined,
                );
              }}
            >
              {t('complaint.copy')}
            </Button>{' '}
            <Button type="primary" onClick={() => onTrack(filed.trackingCode)}>
              {t('complaint.trackNow')}
            </Button>
          </div>
        }
      />
    );
  }

  const staffOptions = (staff.data?.staffMembers.edges ?? []).flatMap((e) =>
    e?.node ? [{ value: e.node.id, label: `${e.node.name} · ${e.node.department.name}` }] : [],
  );

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ anonymous: true, category: 'BUCK_PASSING', department: presetDept ?? undefined }}
      onFinish={async (v) => {
        const r = await file({
          input: {
            anonymous: v.anonymous,
            name: v.anonymous ? undefined : v.name?.trim(),
            contact: v.anonymous ? undefined : v.contact?.trim() || undefined,
            department: v.department,
            staff: v.staff,
            category: v.category,
            text: v.text.trim(),
          },
        });
        if (r.error || !r.data) {
          const app = toAppError(r.error);
          const field = app.field?.replace(/^input\./, '') as keyof Values | undefined;
          if (app.code === 'BAD_USER_INPUT' && field && ['name', 'contact', 'department', 'staff', 'category', 'text'].includes(field)) {
            form.setFields([{ name: field, errors: [errorMessage(t, r.error)] }]);
          } else message.error(errorMessage(t, r.error));
          return;
        }
        setFiled(r.data.fileComplaint);
      }}
    >
      <Form.Item name="category" label={t('complaint.category')} rules={[{ required: true }]}>
        <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`complaintCategory.${c}`) }))} data-testid="complaint-category" />
      </Form.Item>
      <Form.Item
        name="department"
        label={t('complaint.department')}
        rules={[
          {
            validator: (_, v) =>
              v || form.getFieldValue('staff') ? Promise.resolve() : Promise.reject(new Error(t('complaint.targetRequired'))),
          },
        ]}
      >
        {presetDept && !signedIn ? (
          <Select disabled options={[{ value: presetDept, label: presetName || presetDept }]} data-testid="complaint-department" />
        ) : !signedIn ? (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            loading={publicDepts.fetching}
            options={(publicDepts.data?.publicDepartments ?? []).map((d) => ({ value: d.id, label: d.name }))}
            placeholder={t('complaint.departmentPlaceholder')}
            data-testid="complaint-department"
          />
        ) : (
        <TreeSelect
          allowClear
          showSearch
          treeDefaultExpandAll
          treeNodeFilterProp="title"
          treeData={depts.agencyTree}
          disabled={!signedIn}
          placeholder={signedIn ? t('complaint.departmentPlaceholder') : t('complaint.departmentUnavailable')}
          data-testid="complaint-department"
        />
        )}
      </Form.Item>
      <Form.Item name="staff" label={t('complaint.staff')}>
        <Select
          allowClear
          showSearch
          filterOption={false}
          onSearch={setStaffSearch}
          options={staffOptions}
          disabled={!signedIn}
          placeholder={signedIn ? t('complaint.staffPlaceholder') : t('complaint.departmentUnavailable')}
          notFoundContent={null}
        />
      </Form.Item>
      <Form.Item
        name="text"
        label={t('complaint.text')}
        rules={[{ required: true, whitespace: true, message: t('complaint.textRequired') }]}
      >
        <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t('complaint.textPlaceholder')} data-testid="complaint-text" />
      </Form.Item>
      <Form.Item name="anonymous" valuePropName="checked" label={t('complaint.anonymous')} extra={t('complaint.anonymousHint')}>
        <Switch />
      </Form.Item>
      {!anonymous && (
        <>
          <Form.Item name="name" label={t('complaint.name')} rules={[{ required: true, whitespace: true, message: t('complaint.nameRequired') }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="contact" label={t('complaint.contact')}>
            <Input maxLength={40} />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" size="large" loading={res.fetching} data-testid="complaint-submit">
        {t('complaint.submit')}
      </Button>
    </Form>
  );
}

function Track({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(initial);
  const [query, setQuery] = useState(initial.trim());
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ComplaintByTrackingCodeDocument,
    variables: { code: query },
    pause: !query,
    requestPolicy: 'network-only',
  });
  const c = data?.complaintByTrackingCode;
  const step = !c ? 0 : c.status === 'RECEIVED' ? 0 : c.status === 'ACCEPTED' || c.status === 'INVESTIGATING' ? 1 : 2;
  return (
    <div>
      <Input.Search
        size="large"
        placeholder={t('complaint.codePlaceholder')}
        enterButton={<><SearchOutlined /> {t('complaint.track')}</>}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        onSearch={(v) => setQuery(v.trim())}
        loading={fetching}
        data-testid="track-input"
      />
      {query && error && <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {query && data && !c && <Alert style={{ marginTop: 16 }} type="warning" showIcon title={t('complaint.notFound')} />}
      {c && (
        <div style={{ marginTop: 20 }} data-testid="track-result">
          <Steps
            current={step}
            status={c.status === 'REJECTED' ? 'error' : undefined}
            items={[
              { title: t('complaint.step.received'), content: dayjs(c.receivedAt).format('YYYY-MM-DD') },
              {
                title: c.status === 'REJECTED' ? t('complaintStatus.REJECTED') : t('complaint.step.accepted'),
                content: c.decidedAt ? dayjs(c.decidedAt).format('YYYY-MM-DD') : t('complaint.by', { date: dayjs(c.acceptDueAt).format('YYYY-MM-DD') }),
              },
              {
                title: t('complaint.step.resolved'),
                content: c.resolvedAt
                  ? dayjs(c.resolvedAt).format('YYYY-MM-DD')
                  : c.resolveDueAt
                    ? t('complaint.by', { date: dayjs(c.resolveDueAt).format('YYYY-MM-DD') })
                    : undefined,
              },
            ]}
          />
          <Descriptions
            style={{ marginTop: 16 }}
            size="small"
            column={1}
            bordered
            items={[
              { key: 'code', label: t('complaint.code'), children: c.trackingCode },
              { key: 'cat', label: t('complaint.category'), children: t(`complaintCategory.${c.category}`) },
              {
                key: 'status',
                label: t('complaint.status'),
                children: (
                  <Tag color={COMPLAINT_STATUS_COLORS[c.status]} data-testid="track-status">
                    {t(`complaintStatus.${c.status}`)}
                  </Tag>
                ),
              },
              { key: 'feedback', label: t('complaint.feedback'), children: c.feedback || t('complaint.noFeedback') },
            ]}
          />
        </div>
      )}
    </div>
  );
}
