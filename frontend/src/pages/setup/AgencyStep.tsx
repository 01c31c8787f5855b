import { App, Button, Flex, Form, Input, Typography } from 'antd';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { SetupAgencyDocument } from '../../graphql/graphql';
import { errorMessage, toAppError } from '../../api/errors';
import type { SetupStatus } from './status';
import setupTexts from '../../locales/features/setup.json';
import { addTexts } from '../../locales/texts';

addTexts(setupTexts);

interface Values {
  name: string;
  code?: string;
}

/** Step 1: the agency's name (and code); setupAgency creates it, or names it again. */
export default function AgencyStep({ status, onSaved, onNext }: { status: SetupStatus; onSaved: () => void; onNext: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [res, save] = useMutation(SetupAgencyDocument);
  const root = status.root;

  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('setup.agency.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{root ? t('setup.agency.doneHint', { name: root.name }) : t('setup.agency.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 520 }}
        initialValues={{ name: root?.name ?? '', code: root?.code ?? '' }}
        onFinish={async (v) => {
          const code = v.code?.trim();
          const r = await save({ input: { name: v.name.trim(), ...(code ? { code } : {}) } });
          if (r.error) {
            const e = toAppError(r.error);
            const field = e.field === 'input.code' ? 'code' : e.field === 'input.name' ? 'name' : null;
            if (field) form.setFields([{ name: field, errors: [errorMessage(t, r.error)] }]);
            else message.error(errorMessage(t, r.error));
            return;
          }
          message.success(t('setup.agency.saved'));
          onSaved();
          onNext();
        }}
      >
        <Form.Item
          name="name"
          label={t('setup.agency.name')}
          rules={[{ required: true, whitespace: true, message: t('setup.agency.nameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('setup.agency.namePlaceholder')} data-testid="setup-agency-name" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('setup.agency.code')}
          extra={t('setup.agency.codeHint')}
          rules={[{ pattern: /^\S*$/, message: t('setup.noSpaces') }]}
        >
          <Input maxLength={40} placeholder="ROOT" />
        </Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={res.fetching} data-testid="setup-agency-save">
            {root ? t('setup.agency.rename') : t('setup.agency.create')}
          </Button>
          {root && <Button onClick={onNext}>{t('setup.next')}</Button>}
        </Flex>
      </Form>
    </>
  );
}
