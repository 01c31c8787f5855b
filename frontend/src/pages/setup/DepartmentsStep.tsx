import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Radio, Row, Skeleton, Tag, Typography } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { SetupCreateDepartmentDocument, SetupDepartmentsDocument, type DepartmentKind } from '../../graphql/graphql';
import ErrorState from '../../components/ErrorState';
import { errorMessage, toAppError } from '../../api/errors';
import type { SetupStatus } from './status';
import setupTexts from '../../locales/features/setup.json';
import { addTexts } from '../../locales/texts';

addTexts(setupTexts);

interface Values {
  name: string;
  code: string;
  kind: DepartmentKind;
}

/** Step 2: the top of the tree — departments and units under the agency, by hand or by importing the tree. */
export default function DepartmentsStep({ status, onSaved, onNext }: { status: SetupStatus; onSaved: () => void; onNext: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const root = status.root;
  const [form] = Form.useForm<Values>();
  const [list, relist] = useQuery({ query: SetupDepartmentsDocument, variables: { root: root?.id ?? '' }, pause: !root });
  const [res, create] = useMutation(SetupCreateDepartmentDocument);
  const depts = (list.data?.departments.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

  if (!root) return <Alert type="warning" showIcon title={t('setup.needAgency')} />;

  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('setup.departments.title', { agency: root.name })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('setup.departments.hint')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('setup.departments.byHand')}>
            <Form
              form={form}
              layout="inline"
              initialValues={{ kind: 'AGENCY' }}
              style={{ rowGap: 8, marginBottom: 12 }}
              onFinish={async (v) => {
                const r = await create({ input: { name: v.name.trim(), code: v.code.trim(), kind: v.kind, parent: root.id } });
                if (r.error) {
                  const e = toAppError(r.error);
                  const field = e.field === 'input.code' ? 'code' : e.field === 'input.name' ? 'name' : null;
                  if (field) form.setFields([{ name: field, errors: [errorMessage(t, r.error)] }]);
                  else message.error(errorMessage(t, r.error));
                  return;
                }
                message.success(t('setup.departments.created', { name: r.data?.createDepartment.name }));
                form.resetFields(['name', 'code']);
                relist({ requestPolicy: 'network-only' });
                onSaved();
              }}
            >
              <Form.Item name="kind">
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'AGENCY', label: t('setup.departments.agencyKind') },
                    { value: 'FRONTLINE', label: t('setup.departments.frontlineKind') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('setup.departments.nameRequired') }]}>
                <Input maxLength={100} placeholder={t('setup.departments.name')} data-testid="setup-dept-name" style={{ width: 180 }} />
              </Form.Item>
              <Form.Item
                name="code"
                rules={[
                  { required: true, whitespace: true, message: t('setup.departments.codeRequired') },
                  { pattern: /^\S*$/, message: t('setup.noSpaces') },
                ]}
              >
                <Input maxLength={40} placeholder={t('setup.departments.code')} data-testid="setup-dept-code" style={{ width: 130 }} />
              </Form.Item>
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={res.fetching} data-testid="setup-dept-add">
                  {t('setup.departments.add')}
                </Button>
              </Form.Item>
            </Form>
            {list.error && !list.data ? (
              <ErrorState error={list.error} onRetry={() => relist({ requestPolicy: 'network-only' })} />
            ) : !list.data ? (
              <Skeleton active paragraph={{ rows: 3 }} />
            ) : depts.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('setup.departments.none')} />
            ) : (
              <div data-testid="setup-dept-list" style={{ border: '1px solid #f0f0f0', borderRadius: 8 }}>
                <Typography.Text type="secondary" style={{ display: 'block', padding: '8px 12px', borderBottom: '1px solid #f0f0f0' }}>
                  {t('setup.departments.listTitle', { count: list.data.departments.totalCount })}
                </Typography.Text>
                {depts.map((d) => (
                  <Flex key={d.id} justify="space-between" align="center" style={{ padding: '6px 12px' }}>
                    <Flex gap={8} align="center">
                      <Typography.Text strong>{d.name}</Typography.Text>
                      <Typography.Text code>{d.code}</Typography.Text>
                    </Flex>
                    <Tag color={d.kind === 'AGENCY' ? 'blue' : 'green'}>
                      {t(d.kind === 'AGENCY' ? 'setup.departments.agencyKind' : 'setup.departments.frontlineKind')}
                    </Tag>
                  </Flex>
                ))}
              </div>
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('setup.departments.deeper')}{' '}
              <Link to="/org">{t('setup.departments.toOrg')}</Link>
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('setup.departments.byImport')}>
            <Typography.Paragraph type="secondary">{t('setup.departments.importHint')}</Typography.Paragraph>
            <Flex gap={8} wrap>
              <Button
                type="primary"
                icon={<ImportOutlined />}
                onClick={() => navigate('/imports?kind=DEPARTMENTS')}
                data-testid="setup-dept-import"
              >
                {t('setup.departments.import')}
              </Button>
            </Flex>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('setup.departments.staffHint')}{' '}
              <Link to="/imports?kind=STAFF">{t('setup.departments.importStaff')}</Link>
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      <Flex gap={8} style={{ marginTop: 16 }}>
        <Button type="primary" onClick={onNext} data-testid="setup-next">
          {t('setup.next')}
        </Button>
        {status.agencyDepartments + status.frontlineUnits === 0 && (
          <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
            {t('setup.departments.skipHint')}
          </Typography.Text>
        )}
      </Flex>
    </>
  );
}
