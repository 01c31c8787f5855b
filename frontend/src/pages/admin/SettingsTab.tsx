import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, Flex, Form, InputNumber, Row, Skeleton, Tag, TreeSelect, Typography } from 'antd';
import { UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { AdminSettingsDocument, AdminUpdateSettingsDocument, type SettingInput } from '../../graphql/graphql';
import EmptyState from '../../components/EmptyState';
import ErrorState from '../../components/ErrorState';
import { errorMessage, toAppError } from '../../api/errors';
import { useAuth } from '../../auth/store';
import { useDeptTree } from '../org/departments/useDeptTree';
import { pickerTree } from '../org/departments/tree';
import {
  checkValue,
  crossProblems,
  DOES_ALL_ABOVE,
  initialValues,
  keyOfField,
  LEADS_BELOW,
  settingChanges,
  type Problem,
  type SettingRow,
  type SettingValues,
} from './settingsForm';
import deptTexts from '../../locales/features/dept.json';
import { addTexts } from '../../locales/texts';

addTexts(deptTexts);

/**
 * 参数设置: the thresholds of the figures and the deadlines in working days, each with its meaning, unit,
 * default and range; ADMIN changes them, checked against the range here and saved all at once (one
 * transaction), the server's refusal shown on the setting it names.
 */
export default function SettingsTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { viewer } = useAuth();
  const admin = viewer?.role === 'ADMIN';
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AdminSettingsDocument, requestPolicy: 'cache-and-network' });
  const [saving, save] = useMutation(AdminUpdateSettingsDocument);
  const [form] = Form.useForm<SettingValues>();
  const rows = useMemo(() => data?.settings ?? [], [data]);
  const [values, setValues] = useState<SettingValues>({});
  const [resets, setResets] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState<string | null>(null);
  const hasDepartment = rows.some((r) => r.kind === 'DEPARTMENT');
  const depts = useDeptTree();
  const en = i18n.language === 'en';
  const text = (s: { zh: string; en: string }) => (en ? s.en : s.zh);

  // The values in force, again after every load and save.
  useEffect(() => {
    const v = initialValues(rows);
    form.setFieldsValue(v);
    setValues(v);
    setResets(new Set());
  }, [rows, form]);

  const changes = useMemo(() => settingChanges(rows, values, resets), [rows, values, resets]);

  if (!data) {
    return error ? <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} /> : <Skeleton active paragraph={{ rows: 8 }} />;
  }
  if (rows.length === 0) return <EmptyState title={t('settingsTab.emptyTitle')} text={t('settingsTab.emptyText')} />;

  const problemText = (p: Problem) =>
    p.code === 'range'
      ? t('settingsTab.range', { min: p.min, max: p.max })
      : p.code === 'order'
        ? t('settingsTab.order', { other: text(rows.find((r) => r.key === p.other)?.label ?? { zh: p.other, en: p.other }) })
        : t(`settingsTab.${p.code}`);

  const submit = async () => {
    setFailure(null);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const sent: SettingInput[] = changes;
    if (sent.length === 0) return;
    const r = await save({ input: sent });
    if (r.error) {
      const msg = errorMessage(t, r.error);
      const key = keyOfField(toAppError(r.error).field, sent);
      if (key) form.setFields([{ name: key, errors: [msg] }]);
      else setFailure(msg);
      return;
    }
    message.success(t('settingsTab.saved', { n: sent.length }));
    reexecute({ requestPolicy: 'network-only' });
  };

  const reset = (r: SettingRow) => {
    const v = r.kind === 'DEPARTMENT' ? null : r.default;
    form.setFieldValue(r.key, v);
    form.setFields([{ name: r.key, errors: [] }]);
    setValues((old) => ({ ...old, [r.key]: v }));
    setResets((old) => new Set(old).add(r.key));
  };

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{admin ? t('settingsTab.intro') : t('settingsTab.readOnly')}</Typography.Text>
        {admin && (
          <Flex gap={8}>
            <Button
              disabled={changes.length === 0 || saving.fetching}
              onClick={() => {
                const v = initialValues(rows);
                form.resetFields();
                form.setFieldsValue(v);
                setValues(v);
                setResets(new Set());
                setFailure(null);
              }}
            >
              {t('settingsTab.discard')}
            </Button>
            <Button type="primary" loading={saving.fetching} disabled={changes.length === 0} onClick={submit} data-testid="settings-save">
              {changes.length ? t('settingsTab.saveN', { n: changes.length }) : t('common.save')}
            </Button>
          </Flex>
        )}
      </Flex>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} data-testid="settings-error" />}
      <Form<SettingValues>
        form={form}
        layout="vertical"
        disabled={!admin}
        onValuesChange={(changed, all) => {
          setValues(all);
          setFailure(null);
          // Typing a value is no longer "back to the default".
          setResets((old) => {
            const next = new Set(old);
            for (const k of Object.keys(changed)) next.delete(k);
            return next;
          });
        }}
      >
        <div className={fetching ? 'xn-settings-busy' : undefined}>
          {rows.map((r, i) => {
            const changed = changes.some((c) => c.key === r.key);
            return (
              <div
                key={r.key}
                data-testid={`setting-${r.key}`}
                style={{ padding: '12px 0', borderTop: i ? '1px solid rgba(5, 5, 5, 0.06)' : undefined }}
              >
                <Row gutter={[16, 8]} style={{ width: '100%' }} align="middle">
                  <Col xs={24} md={14}>
                    <Flex gap={8} align="center" wrap>
                      <Typography.Text strong>{text(r.label)}</Typography.Text>
                      <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                        {r.key}
                      </Typography.Text>
                      {changed ? (
                        <Tag color="orange">{t('settingsTab.changed')}</Tag>
                      ) : r.isDefault ? (
                        <Tag>{t('settingsTab.isDefault')}</Tag>
                      ) : (
                        <Tag color="blue">{t('settingsTab.isSet')}</Tag>
                      )}
                    </Flex>
                    <Typography.Paragraph style={{ margin: '4px 0 0' }}>{text(r.meaning)}</Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.kind === 'DEPARTMENT'
                        ? t('settingsTab.deptHint')
                        : t('settingsTab.hint', { unit: text(r.unit), def: r.default, min: r.min, max: r.max })}
                    </Typography.Text>
                  </Col>
                  <Col xs={24} md={10}>
                    <Flex gap={8} align="start">
                      <Form.Item
                        name={r.key}
                        style={{ margin: 0, flex: 1 }}
                        dependencies={r.key === LEADS_BELOW ? [DOES_ALL_ABOVE] : undefined}
                        rules={[
                          {
                            validator: async (_, v) => {
                              const p = checkValue(r, v) ?? crossProblems({ ...form.getFieldsValue(true), [r.key]: v })[r.key];
                              if (p) throw new Error(problemText(p));
                            },
                          },
                        ]}
                      >
                        {r.kind === 'DEPARTMENT' ? (
                          <TreeSelect
                            allowClear
                            showSearch
                            treeDefaultExpandAll
                            treeNodeFilterProp="title"
                            loading={depts.loading}
                            placeholder={t('settingsTab.deptUnset')}
                            treeData={pickerTree(depts.roots, (d) => d.kind === 'AGENCY')}
                            data-testid={`setting-input-${r.key}`}
                          />
                        ) : (
                          <InputNumber
                            style={{ width: '100%' }}
                            step={r.kind === 'INTEGER' ? 1 : 0.01}
                            precision={r.kind === 'INTEGER' ? 0 : undefined}
                            suffix={text(r.unit)}
                            data-testid={`setting-input-${r.key}`}
                          />
                        )}
                      </Form.Item>
                      {admin && (
                        <Button
                          icon={<UndoOutlined />}
                          title={t('settingsTab.reset')}
                          aria-label={t('settingsTab.reset')}
                          disabled={r.kind === 'DEPARTMENT' ? values[r.key] == null : values[r.key] === r.default}
                          onClick={() => reset(r)}
                        />
                      )}
                    </Flex>
                  </Col>
                </Row>
              </div>
            );
          })}
        </div>
      </Form>
      {hasDepartment && depts.error ? <ErrorState error={depts.error} onRetry={() => void depts.reload()} /> : null}
    </>
  );
}
