import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Flex, Form, Input, Rate, Result, Segmented, Select, Switch, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { RatingContextDocument, SubmitRatingDocument, type SubmitRatingMutation } from '../../graphql/graphql';
import { errorMessage, toAppError } from '../../api/errors';
import { useDepartments } from '../../hooks/org';
import { DIMENSIONS, isBad, SCORE_KEYS, type Dimension } from './scores';
import styles from './frontline.module.css';

interface Values {
  targetDepartment: string;
  about: 'none' | 'task' | 'visit';
  task?: string;
  visit?: string;
  score: number;
  responsiveness: number;
  resolution: number;
  attitude: number;
  comment?: string;
  anonymous: boolean;
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** 一线打分: works on a 375 px phone; one column, big stars, the three dimensions, anonymous switch. */
export default function RatingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const depts = useDepartments();
  const target = Form.useWatch('targetDepartment', form);
  const about = Form.useWatch('about', form) ?? 'none';
  const score = Form.useWatch('score', form) ?? 0;
  const [touched, setTouched] = useState<Set<Dimension>>(new Set());
  // One key per filled-in form: a retried submission returns the first rating instead of a second one.
  const [key, setKey] = useState(newKey);
  const [done, setDone] = useState<SubmitRatingMutation['submitRating'] | null>(null);
  const [res, submit] = useMutation(SubmitRatingDocument);
  const [ctx] = useQuery({
    query: RatingContextDocument,
    variables: { department: target ?? '' },
    pause: !target,
  });

  const targets = useMemo(
    () => depts.agency.filter((d) => d.parentID !== null).map((d) => ({ value: d.id, label: d.name })),
    [depts.agency],
  );
  const tasks = (ctx.data?.tasks.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const visits = (ctx.data?.serviceVisits.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

  if (done) {
    const bad = isBad(done.score);
    return (
      <Card className={styles.narrow}>
        <Result
          status="success"
          title={t('rate.thanks')}
          subTitle={
            <span data-testid="rating-result">
              {bad
                ? t('rate.badSubmitted', {
                    dept: done.targetDepartment.name,
                    due: done.rectification ? dayjs(done.rectification.dueAt).format('YYYY-MM-DD') : '—',
                  })
                : t('rate.submitted', { dept: done.targetDepartment.name })}
            </span>
          }
          extra={[
            <Button type="primary" key="mine" onClick={() => navigate('/my-ratings')}>
              {t('rate.toMine')}
            </Button>,
            <Button
              key="again"
              onClick={() => {
                form.resetFields();
                setTouched(new Set());
                setKey(newKey());
                setDone(null);
              }}
            >
              {t('rate.again')}
            </Button>,
          ]}
        />
      </Card>
    );
  }

  const onFinish = async (v: Values) => {
    const r = await submit({
      input: {
        targetDepartment: v.targetDepartment,
        task: v.about === 'task' ? v.task : undefined,
        visit: v.about === 'visit' ? v.visit : undefined,
        score: v.score,
        responsiveness: v.responsiveness,
        resolution: v.resolution,
        attitude: v.attitude,
        comment: v.comment?.trim() || undefined,
        anonymous: v.anonymous,
        idempotencyKey: key,
      },
    });
    if (r.error || !r.data) {
      const app = toAppError(r.error);
      const field = app.field?.replace(/^input\./, '');
      if (app.code === 'BAD_USER_INPUT' && field && field in v) {
        form.setFields([{ name: field as keyof Values, errors: [errorMessage(t, r.error)] }]);
      } else {
        message.error(errorMessage(t, r.error));
      }
      return;
    }
    setDone(r.data.submitRating);
  };

  return (
    <Card className={styles.narrow} data-testid="rating-form">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('rate.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('rate.subtitle')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ about: 'none', anonymous: false, score: 0, responsiveness: 0, resolution: 0, attitude: 0 }}
        onFinish={onFinish}
        onValuesChange={(changed: Partial<Values>) => {
          // Until a dimension is set by hand it follows the overall score.
          if (changed.score !== undefined) {
            const patch: Partial<Values> = {};
            for (const d of DIMENSIONS) if (!touched.has(d)) patch[d] = changed.score;
            form.setFieldsValue(patch);
          }
          for (const d of DIMENSIONS) {
            if (changed[d] !== undefined && !touched.has(d)) setTouched((s) => new Set(s).add(d));
          }
          if (changed.targetDepartment !== undefined) form.setFieldsValue({ task: undefined, visit: undefined });
        }}
      >
        <Form.Item
          name="targetDepartment"
          label={t('rate.department')}
          rules={[{ required: true, message: t('rate.departmentRequired') }]}
        >
          <Select
            showSearch
            size="large"
            optionFilterProp="label"
            placeholder={t('rate.departmentPlaceholder')}
            options={targets}
            loading={depts.fetching}
            data-testid="rate-department"
          />
        </Form.Item>
        {target && (
          <Form.Item name="about" label={t('rate.about')}>
            <Segmented
              block
              options={[
                { value: 'none', label: t('rate.aboutNone') },
                { value: 'task', label: t('rate.aboutTask'), disabled: tasks.length === 0 },
                { value: 'visit', label: t('rate.aboutVisit'), disabled: visits.length === 0 },
              ]}
            />
          </Form.Item>
        )}
        {target && about === 'task' && (
          <Form.Item name="task" rules={[{ required: true, message: t('rate.taskRequired') }]}>
            <Select
              placeholder={t('rate.taskPlaceholder')}
              options={tasks.map((x) => ({ value: x.id, label: `${x.title}（${dayjs(x.createdAt).format('MM-DD')}）` }))}
            />
          </Form.Item>
        )}
        {target && about === 'visit' && (
          <Form.Item name="visit" rules={[{ required: true, message: t('rate.visitRequired') }]}>
            <Select
              placeholder={t('rate.visitPlaceholder')}
              options={visits.map((x) => ({ value: x.id, label: `${dayjs(x.visitedAt).format('YYYY-MM-DD')} ${x.purpose}` }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="score"
          label={t('rate.score')}
          rules={[{ validator: (_, v: number) => (v >= 1 ? Promise.resolve() : Promise.reject(new Error(t('rate.scoreRequired')))) }]}
          extra={
            score > 0 ? (
              <Typography.Text type={isBad(score) ? 'danger' : undefined} data-testid="score-label">
                {t(SCORE_KEYS[score])}
                {isBad(score) ? ` · ${t('rate.badHint')}` : ''}
              </Typography.Text>
            ) : (
              t('rate.scoreHint')
            )
          }
        >
          <Rate
            className={styles.bigStars}
            tooltips={[1, 2, 3, 4, 5].map((n) => t(SCORE_KEYS[n]))}
            data-testid="rate-score"
          />
        </Form.Item>
        <div className={styles.dimensions}>
          {DIMENSIONS.map((d) => (
            <Form.Item
              key={d}
              name={d}
              label={t(`dimension.${d}`)}
              rules={[{ validator: (_, v: number) => (v >= 1 ? Promise.resolve() : Promise.reject(new Error(t('rate.dimensionRequired')))) }]}
            >
              <Rate tooltips={[1, 2, 3, 4, 5].map((n) => t(SCORE_KEYS[n]))} data-testid={`rate-${d}`} />
            </Form.Item>
          ))}
        </div>
        <Form.Item
          name="comment"
          label={t('rate.comment')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                isBad(score) && !v?.trim() ? Promise.reject(new Error(t('rate.commentForBad'))) : Promise.resolve(),
            },
          ]}
        >
          <Input.TextArea rows={4} maxLength={600} showCount placeholder={t('rate.commentPlaceholder')} data-testid="rate-comment" />
        </Form.Item>
        <Form.Item name="anonymous" valuePropName="checked" label={t('rate.anonymous')} extra={t('rate.anonymousHint')}>
          <Switch data-testid="rate-anonymous" />
        </Form.Item>
        {isBad(score) && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('rate.badAlert')} icon={<SafetyCertificateOutlined />} />
        )}
        <Flex>
          <Button type="primary" htmlType="submit" size="large" block loading={res.fetching} data-testid="rate-submit">
            {t('rate.submit')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
