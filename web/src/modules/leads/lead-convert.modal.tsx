import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { useSession } from '../auth/auth.api.ts';
import { can, fieldAccess } from '../auth/permissions.ts';
import { FieldInput, ReferencePicker } from '../records/field-input.component.tsx';
import { toApiValue } from '../records/record-fields.ts';
import { useObjectType } from '../records/records.api.ts';
import type { FieldMeta } from '../records/records.types.ts';
import { describeLeadError } from './lead-errors.ts';
import { useConvertLead } from './leads.api.ts';
import type { ConvertLeadInput, LeadRecord } from './leads.types.ts';

type PersonChoice = 'create' | 'link';
type CompanyChoice = 'create' | 'link' | 'none';

/** The deal fields the conversion takes, in the order the form shows them. */
const DEAL_FIELDS = ['title', 'amount', 'currency'];

/** The server's own default title, shown so it can be changed before the deal exists. */
function suggestedDealTitle(lead: LeadRecord): string {
  const subject = lead.company_name || lead.full_name;
  return lead.product_interest ? `${subject}: ${lead.product_interest}` : subject;
}

interface LeadConvertModalProps {
  lead: LeadRecord;
  onClose: () => void;
}

/** Mounted only while open: turns the lead into a contact, a company and a deal in one step. */
export function LeadConvertModal({ lead, onClose }: LeadConvertModalProps) {
  const { t } = useTranslation();
  const me = useSession();
  const convert = useConvertLead(lead.id);
  const people = useObjectType('people').objectType;
  const companies = useObjectType('companies').objectType;
  const deals = useObjectType('deals').objectType;

  const [person, setPerson] = useState<PersonChoice>('create');
  const [personId, setPersonId] = useState('');
  const [company, setCompany] = useState<CompanyChoice>(lead.company_name ? 'create' : 'none');
  const [companyId, setCompanyId] = useState('');
  const canOpenDeal = !!deals && can(me, 'deal', 'create');
  const [isDealOpened, setDealOpened] = useState(canOpenDeal);
  const dealFields = (deals?.fields ?? []).filter((field) => DEAL_FIELDS.includes(field.name) && fieldAccess(me, 'deal', field.name) === 'write');
  const [deal, setDeal] = useState<Record<string, unknown>>({ title: suggestedDealTitle(lead), currency: me.workspace?.currency || 'RUB' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<{ title: string; detail?: string } | null>(null);

  const dealBody = (): ConvertLeadInput['deal'] => {
    const body: Record<string, unknown> = {};
    for (const field of dealFields) {
      const value = toApiValue(field, deal[field.name]);
      if (value !== null) body[field.name] = value;
    }
    return body;
  };

  const validate = (): boolean => {
    const missing: Record<string, string> = {};
    if (person === 'link' && !personId) missing.person_id = t('form.required');
    if (company === 'link' && !companyId) missing.company_id = t('form.required');
    setErrors(missing);
    return Object.keys(missing).length === 0;
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!validate()) return;
    const input: ConvertLeadInput = {
      ...(person === 'link' ? { person_id: personId } : {}),
      ...(company === 'link' ? { company_id: companyId } : {}),
      create_company: company === 'create',
      deal: isDealOpened ? dealBody() : null,
    };
    convert.mutate(input, {
      onSuccess: () => {
        notifySuccess(t('leads.convert.done', { name: lead.full_name }));
        onClose();
      },
      onError: (error) => {
        const fieldErrors = isApiError(error) ? error.fieldErrors() : {};
        setErrors(fieldErrors);
        if (Object.keys(fieldErrors).length === 0) setProblem(describeLeadError(error));
      },
    });
  };

  const setDealValue = (field: FieldMeta, value: unknown) => setDeal((current) => ({ ...current, [field.name]: value }));

  return (
    <Modal opened onClose={onClose} title={t('leads.convert.title', { name: lead.full_name })} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg">
          {problem && <Alert color="red" icon={<IconAlertTriangle size={18} />} title={problem.title}>{problem.detail}</Alert>}
          <Stack gap="xs">
            <Title order={5}>{t('leads.convert.person')}</Title>
            <Radio.Group value={person} onChange={(value) => setPerson(value as PersonChoice)} aria-label={t('leads.convert.person')}>
              <Group gap="lg">
                <Radio value="create" label={t('leads.convert.createPerson')} />
                <Radio value="link" label={t('leads.convert.linkPerson')} disabled={!people} />
              </Group>
            </Radio.Group>
            {person === 'link' && people && (
              <ReferencePicker
                target={people}
                ariaLabel={t('leads.convert.pickPerson')}
                value={personId}
                error={errors.person_id}
                isRequired
                onChange={(value) => setPersonId(value ?? '')}
              />
            )}
          </Stack>
          <Stack gap="xs">
            <Title order={5}>{t('leads.convert.company')}</Title>
            <Radio.Group value={company} onChange={(value) => setCompany(value as CompanyChoice)} aria-label={t('leads.convert.company')}>
              <Stack gap="xs">
                <Radio
                  value="create"
                  disabled={!lead.company_name}
                  label={lead.company_name ? t('leads.convert.createCompany', { name: lead.company_name }) : t('leads.convert.noCompanyName')}
                />
                <Radio value="link" label={t('leads.convert.linkCompany')} disabled={!companies} />
                <Radio value="none" label={t('leads.convert.noCompany')} />
              </Stack>
            </Radio.Group>
            {company === 'link' && companies && (
              <ReferencePicker
                target={companies}
                ariaLabel={t('leads.convert.pickCompany')}
                value={companyId}
                error={errors.company_id}
                isRequired
                onChange={(value) => setCompanyId(value ?? '')}
              />
            )}
          </Stack>
          <Stack gap="xs">
            <Title order={5}>{t('leads.convert.deal')}</Title>
            <Checkbox
              label={t('leads.convert.openDeal')}
              checked={isDealOpened}
              disabled={!canOpenDeal}
              onChange={(event) => setDealOpened(event.currentTarget.checked)}
            />
            {isDealOpened && (
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                {dealFields.map((field) => (
                  <div key={field.name} style={{ gridColumn: field.name === 'title' ? '1 / -1' : undefined }}>
                    <FieldInput
                      field={{ ...field, required: false }}
                      value={deal[field.name]}
                      error={errors[`deal.${field.name}`]}
                      onChange={(value) => setDealValue(field, value)}
                    />
                  </div>
                ))}
              </SimpleGrid>
            )}
            {!canOpenDeal && <Text size="xs" c="dimmed">{t('leads.convert.noDealAccess')}</Text>}
          </Stack>
        </Stack>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={convert.isPending}>{t('leads.convert.submit')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
