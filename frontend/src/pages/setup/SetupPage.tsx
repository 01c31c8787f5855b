import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Descriptions, Flex, Result, Skeleton, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import PageHeader from '../../components/PageHeader';
import ErrorState from '../../components/ErrorState';
import { stepsDone, useSetupStatus, type SetupStatus } from './status';
import AgencyStep from './AgencyStep';
import DepartmentsStep from './DepartmentsStep';
import CalendarStep from './CalendarStep';
import AccountsStep from './AccountsStep';
import setupTexts from '../../locales/features/setup.json';
import { addTexts } from '../../locales/texts';

addTexts(setupTexts);

const KEYS = ['agency', 'departments', 'calendar', 'accounts', 'done'] as const;

/** The step to resume at: the first one not done yet (the agency first of all). */
export function resumeStep(status: SetupStatus, year: number): number {
  const done = stepsDone(status, year);
  if (!done.agency) return 0;
  if (!done.departments) return 1;
  if (!done.calendar) return 2;
  if (!done.accounts) return 3;
  return 4;
}

/** 初始设置: the first-start wizard. Each step saves as it goes; the status says what is done. */
export default function SetupPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { status, error, refresh } = useSetupStatus();
  const year = new Date().getFullYear();
  const asked = params.get('step');
  const [step, setStepState] = useState<number | null>(asked !== null && /^[0-4]$/.test(asked) ? Number(asked) : null);
  useEffect(() => {
    if (step === null && status) setStepState(resumeStep(status, year));
  }, [step, status, year]);
  const setStep = (n: number) => {
    setStepState(n);
    const next = new URLSearchParams(params);
    next.set('step', String(n));
    setParams(next, { replace: true });
  };

  if (error && !status) {
    return (
      <Card>
        <ErrorState error={error} onRetry={refresh} />
      </Card>
    );
  }
  if (!status || step === null) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }

  const done = stepsDone(status, year);
  const doneOf = [done.agency, done.departments, done.calendar, done.accounts, false];
  const next = () => setStep(Math.min(step + 1, 4));
  const saved = () => refresh();

  return (
    <div style={{ maxWidth: 1080 }} data-testid="setup-page">
      <PageHeader title={t('setup.title')} subtitle={t('setup.subtitle')} />
      <Card style={{ marginBottom: 16 }}>
        <Steps
          current={step}
          onChange={(n) => (n === 0 || status.root ? setStep(n) : undefined)}
          data-testid="setup-steps"
          items={KEYS.map((k, i) => ({
            title: t(`setup.step.${k}`),
            content: i < 4 ? (doneOf[i] ? t('setup.stepDone') : t('setup.stepOpen')) : undefined,
            status: i === step ? 'process' : doneOf[i] ? 'finish' : 'wait',
            disabled: i > 0 && !status.root,
          }))}
        />
      </Card>
      <Card data-testid={`setup-step-${KEYS[step]}`}>
        {step === 0 && <AgencyStep status={status} onSaved={saved} onNext={next} />}
        {step === 1 && <DepartmentsStep status={status} onSaved={saved} onNext={next} />}
        {step === 2 && <CalendarStep status={status} year={year} onSaved={saved} onNext={next} />}
        {step === 3 && <AccountsStep onSaved={saved} onNext={next} />}
        {step === 4 && <DoneStep status={status} year={year} />}
      </Card>
    </div>
  );
}

function DoneStep({ status, year }: { status: SetupStatus; year: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const years = status.calendarYears;
  const missing = [
    !status.root && t('setup.step.agency'),
    status.agencyDepartments + status.frontlineUnits === 0 && t('setup.step.departments'),
    !years.includes(year) && t('setup.done.calendarMissing', { year }),
  ].filter(Boolean) as string[];
  return (
    <Result
      status={missing.length ? 'warning' : 'success'}
      title={missing.length ? t('setup.done.incompleteTitle') : t('setup.done.title')}
      subTitle={missing.length ? t('setup.done.incompleteText', { what: missing.join(t('setup.listSeparator')) }) : t('setup.done.text')}
      extra={
        <Flex vertical gap={16} align="center">
          <Descriptions
            bordered
            size="small"
            column={1}
            style={{ minWidth: 360, textAlign: 'left' }}
            data-testid="setup-summary"
            items={[
              { key: 'agency', label: t('setup.done.agency'), children: status.root?.name ?? '—' },
              { key: 'departments', label: t('setup.done.departments'), children: status.agencyDepartments },
              { key: 'units', label: t('setup.done.units'), children: status.frontlineUnits },
              { key: 'staff', label: t('setup.done.staff'), children: status.activeStaff },
              { key: 'accounts', label: t('setup.done.accounts'), children: status.accounts },
              {
                key: 'calendar',
                label: t('setup.done.calendar'),
                children: years.length ? years.join('、') : t('setup.done.noCalendar'),
              },
            ]}
          />
          <Typography.Text type="secondary">{t('setup.done.next')}</Typography.Text>
          <Flex gap={8} wrap justify="center">
            <Button type="primary" onClick={() => navigate('/cockpit')} data-testid="setup-finish">
              {t('setup.done.toCockpit')}
            </Button>
            <Button onClick={() => navigate('/org')}>{t('setup.done.toOrg')}</Button>
            <Button onClick={() => navigate('/responsibility')}>{t('setup.done.toResponsibility')}</Button>
            <Button onClick={() => navigate('/imports')}>{t('setup.done.toImports')}</Button>
          </Flex>
        </Flex>
      }
    />
  );
}
