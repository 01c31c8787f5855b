import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Col,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { CreateRespItemDocument, UpdateRespItemDocument } from '../../graphql/graphql';
import { errorMessage } from '../../api/errors';
import type { DeptTreeNode } from '../../hooks/org';
import {
  cleanPath,
  createInput,
  formFieldOf,
  formOf,
  LIMITS,
  LISTS,
  TERM_SEPARATORS,
  updateInput,
  type Item,
  type ItemForm,
} from './model';
import ItemActions from './ItemActions';
import respTexts from '../../locales/features/resp.json';
import { addTexts } from '../../locales/texts';

addTexts(respTexts);

interface Props {
  /** The item to edit; null: a new item. */
  item: Item | null;
  /** For a new item: values to start from (the category filter in use). */
  initial?: Partial<ItemForm>;
  /** Why the item is opened from the gaps view (职责空白 / 职责交叉), to say what to fix. */
  reason?: { kinds: string[]; overlapTerms: string[] } | null;
  categories: string[];
  deptTree: DeptTreeNode[];
  isAdmin: boolean;
  onClose: () => void;
  onSaved: (item: Item) => void;
  onChanged: () => void;
}

function validateTerms(t: (k: string, o?: Record<string, unknown>) => string) {
  return async (_: unknown, value: string[] | undefined) => {
    const v = value ?? [];
    if (v.length > LIMITS.terms) throw new Error(t('resp.form.tooManyTerms', { max: LIMITS.terms }));
    const long = v.find((w) => w.trim().length > LIMITS.term);
    if (long) throw new Error(t('resp.form.termTooLong', { term: long, max: LIMITS.term }));
  };
}

/** 新增/编辑事项: every field of an item, with the schema's limits and the server's errors on their field. */
export default function ItemDrawer({ item, initial, reason, categories, deptTree, isAdmin, onClose, onSaved, onChanged }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemForm>();
  const [createRes, create] = useMutation(CreateRespItemDocument);
  const [updateRes, update] = useMutation(UpdateRespItemDocument);
  const [formError, setFormError] = useState<string | null>(null);
  const initialValues = useMemo(() => ({ ...formOf(item), ...(item ? {} : initial) }), [item, initial]);
  const busy = createRes.fetching || updateRes.fetching;
  const catOptions = useMemo(() => {
    const all = new Set<string>();
    for (const p of categories) {
      const levels = p.split('/');
      for (let i = 1; i <= levels.length; i++) all.add(levels.slice(0, i).join('/'));
    }
    return [...all].sort((a, b) => a.localeCompare(b, 'zh')).map((value) => ({ value }));
  }, [categories]);

  const submit = async (v: ItemForm) => {
    setFormError(null);
    let saved: Item | undefined;
    let error: unknown;
    if (item) {
      const input = updateInput(item, v);
      if (Object.keys(input).length === 0) {
        message.info(t('resp.form.unchanged'));
        onClose();
        return;
      }
      const r = await update({ id: item.id, input });
      saved = r.data?.updateResponsibilityItem;
      error = r.error;
    } else {
      const r = await create({ input: createInput(v) });
      saved = r.data?.createResponsibilityItem;
      error = r.error;
    }
    if (error || !saved) {
      const msg = errorMessage(t, error);
      const field = formFieldOf(error);
      if (field && field in initialValues) form.setFields([{ name: field as keyof ItemForm, errors: [msg] }]);
      else setFormError(msg);
      return;
    }
    message.success(item ? t('resp.form.saved') : t('resp.form.created', { title: saved.title }));
    onSaved(saved);
  };

  const termSelect = (placeholder: string, testId: string) => (
    <Select
      mode="tags"
      open={false}
      suffixIcon={null}
      tokenSeparators={TERM_SEPARATORS}
      placeholder={placeholder}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
  const deptSelect = (testId: string, placeholder: string) => (
    <TreeSelect
      allowClear
      showSearch
      treeDefaultExpandAll
      treeNodeFilterProp="title"
      treeData={deptTree}
      placeholder={placeholder}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );

  return (
    <Drawer
      open
      size={720}
      title={item ? t('resp.form.editTitle', { title: item.title }) : t('resp.form.newTitle')}
      onClose={onClose}
      destroyOnHidden
      data-testid="resp-drawer"
      extra={item ? <ItemActions item={item} onChanged={onChanged} onDeleted={onClose} /> : undefined}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="resp-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {item?.retired && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('resp.form.retiredNote')} />}
      {reason && reason.kinds.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="resp-fix-reason"
          title={
            <>
              {reason.kinds.includes('UNOWNED') && <div>{t('resp.gaps.fixUnowned')}</div>}
              {reason.kinds.includes('OVERLAP') && (
                <div>
                  {t('resp.gaps.fixOverlap')}{' '}
                  {reason.overlapTerms.map((w) => (
                    <Tag key={w} color="orange">
                      {w}
                    </Tag>
                  ))}
                </div>
              )}
            </>
          }
        />
      )}
      {formError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={formError} data-testid="resp-form-error" />}
      <Form<ItemForm> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} requiredMark>
        <Row gutter={12}>
          <Col xs={24} sm={16}>
            <Form.Item
              name="categoryPath"
              label={t('resp.field.categoryPath')}
              extra={t('resp.form.categoryHint')}
              rules={[
                { required: true, whitespace: true, message: t('resp.form.categoryRequired') },
                {
                  validator: async (_, v: string | undefined) => {
                    const p = cleanPath(v ?? '');
                    const levels = p.split('/');
                    if (p.length > LIMITS.categoryPath || levels.length > LIMITS.levels || levels.some((l) => l.length > LIMITS.level))
                      throw new Error(t('resp.form.categoryTooLong', { levels: LIMITS.levels, level: LIMITS.level, max: LIMITS.categoryPath }));
                  },
                },
              ]}
            >
              <AutoComplete
                options={catOptions}
                filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                placeholder="设施设备/给排水/下水道"
                data-testid="resp-category"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="list" label={t('resp.field.list')}>
              <Select options={LISTS.map((l) => ({ value: l, label: t(`itemList.${l}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="title"
          label={t('resp.field.title')}
          rules={[
            { required: true, whitespace: true, message: t('resp.form.titleRequired') },
            { max: LIMITS.title, message: t('resp.form.tooLong', { max: LIMITS.title }) },
            { pattern: /^[^\r\n]*$/, message: t('resp.form.oneLine') },
          ]}
        >
          <Input maxLength={LIMITS.title} data-testid="resp-title" />
        </Form.Item>
        <Form.Item name="keywords" label={t('resp.field.keywords')} extra={t('resp.form.termsHint')} rules={[{ validator: validateTerms(t) }]}>
          {termSelect(t('resp.form.keywordsPlaceholder'), 'resp-keywords')}
        </Form.Item>
        <Form.Item name="synonyms" label={t('resp.field.synonyms')} extra={t('resp.form.synonymsHint')} rules={[{ validator: validateTerms(t) }]}>
          {termSelect(t('resp.form.synonymsPlaceholder'), 'resp-synonyms')}
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="responsibleDepartment"
              label={t('resp.field.responsible')}
              extra={isAdmin ? t('resp.form.responsibleHint') : t('resp.form.leaderHint')}
            >
              {deptSelect('resp-responsible', t('resp.gaps.unowned'))}
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="leadDepartment" label={t('resp.field.lead')}>
              {deptSelect('resp-lead', t('common.none'))}
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item
              name="respondWithinHours"
              label={t('resp.field.respondWithinHours')}
              rules={[{ required: true, type: 'integer', min: LIMITS.hours[0], max: LIMITS.hours[1], message: t('resp.form.range', { min: 1, max: 240 }) }]}
            >
              <InputNumber min={LIMITS.hours[0]} max={LIMITS.hours[1]} precision={0} suffix={t('resp.unit.hours')} style={{ width: '100%' }} data-testid="resp-hours" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="resolveWithinDays"
              label={t('resp.field.resolveWithinDays')}
              extra={t('resp.form.daysHint')}
              rules={[{ required: true, type: 'integer', min: LIMITS.days[0], max: LIMITS.days[1], message: t('resp.form.range', { min: 1, max: 250 }) }]}
            >
              <InputNumber min={LIMITS.days[0]} max={LIMITS.days[1]} precision={0} suffix={t('resp.unit.days')} style={{ width: '100%' }} data-testid="resp-days" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="commitment" label={t('resp.field.commitment')} extra={t('resp.form.commitmentHint')}>
          <Input.TextArea rows={2} maxLength={LIMITS.commitment} showCount />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('resp.field.legalBasis')}>
          <Input.TextArea rows={3} maxLength={LIMITS.legalBasis} showCount />
        </Form.Item>
        <Form.Item name="contact" label={t('resp.field.contact')} rules={[{ pattern: /^[^\r\n]*$/, message: t('resp.form.oneLine') }]}>
          <Input maxLength={LIMITS.contact} placeholder="后勤服务中心维修班 6601" data-testid="resp-contact" />
        </Form.Item>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('resp.form.footnote')}
        </Typography.Text>
      </Form>
    </Drawer>
  );
}
