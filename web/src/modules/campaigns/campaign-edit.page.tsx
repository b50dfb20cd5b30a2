import { useState, type FormEvent } from 'react';
import {
  ActionIcon, Alert, Anchor, Button, Card, Center, Checkbox, Group, Loader, NumberInput, Select, SimpleGrid, Stack, Text, TextInput,
} from '@mantine/core';
import { IconArrowLeft, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSegments } from '../segments/segments.api.ts';
import { useTemplates } from '../templates/templates.api.ts';
import { useAudiencePreview, useCampaign, useSaveCampaign } from './campaigns.api.ts';
import { CAMPAIGN_CHANNELS, CAMPAIGN_PURPOSES, WINNER_METRICS, type Campaign, type CampaignInput } from './campaigns.types.ts';

const emptyDraft = (): CampaignInput => ({
  name: '', channel: 'email', purpose: 'marketing', segment_id: '', variants: [{ template_id: '', share: 100 }], holdout_share: 0,
  winner_metric: 'click', auto_send_winner: false, test_share: null, decision_hours: null, throttle_per_minute: 6000, cost: null, currency: null,
});

const inputOf = (c: Campaign): CampaignInput => ({
  name: c.name, channel: c.channel, purpose: c.purpose, segment_id: c.segment_id, variants: c.variants.map(({ template_id, share }) => ({ template_id, share })),
  holdout_share: c.holdout_share, winner_metric: c.winner_metric, auto_send_winner: c.auto_send_winner, test_share: c.test_share,
  decision_hours: c.decision_hours, throttle_per_minute: c.throttle_per_minute, cost: c.cost, currency: c.currency,
});

const CAMPAIGN_PROBLEMS = [
  'CAMPAIGN_SHARES_INVALID', 'CAMPAIGN_SEGMENT_NOT_FOUND', 'CAMPAIGN_TEMPLATE_INVALID', 'CAMPAIGN_TEST_INVALID', 'CAMPAIGN_NOT_EDITABLE',
  'CAMPAIGN_INVALID_TRANSITION', 'CAMPAIGN_SCHEDULE_PAST',
] as const;

const numberOrNull = (value: string | number) => (value === '' ? null : Number(value));

function CampaignEditor({ campaign }: { campaign?: Campaign }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveCampaign(campaign?.id);
  const segments = useSegments();
  const templates = useTemplates();
  const [draft, setDraft] = useState<CampaignInput>(() => (campaign ? inputOf(campaign) : emptyDraft()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const audience = useAudiencePreview(draft.segment_id || null, draft.holdout_share);
  const set = <K extends keyof CampaignInput>(key: K, value: CampaignInput[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !field.startsWith(key))));
  };
  const setVariant = (index: number, patch: Partial<CampaignInput['variants'][number]>) =>
    set('variants', draft.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)));
  const templateChannel = draft.channel === 'auto' ? 'email' : draft.channel;
  const templateOptions = (templates.data ?? []).filter((tpl) => tpl.channel === templateChannel).map((tpl) => ({ value: tpl.id, label: tpl.name }));
  const total = draft.variants.reduce((sum, v) => sum + v.share, 0) + draft.holdout_share;

  const onError = (error: unknown) => {
    if (!isApiError(error)) return;
    const found = error.fieldErrors();
    const code = error.problem.code as (typeof CAMPAIGN_PROBLEMS)[number];
    const title = CAMPAIGN_PROBLEMS.includes(code) ? t(`campaigns.problems.${code}`) : describeError(error).title;
    const message = error.problem.detail && error.problem.detail !== title ? `${title}: ${error.problem.detail}` : title;
    if (error.problem.field) found[error.problem.field] = message;
    setErrors(Object.keys(found).length > 0 ? found : { form: message });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.name.trim()) return setErrors({ name: t('form.required') });
    if (!draft.segment_id) return setErrors({ segment_id: t('form.required') });
    const missing = draft.variants.findIndex((v) => !v.template_id);
    if (missing >= 0) return setErrors({ [`variants.${missing}.template_id`]: t('form.required') });
    setErrors({});
    save.mutate(draft, {
      onSuccess: (saved) => {
        notifySuccess(t('campaigns.saved', { name: saved.name }));
        navigate(`/marketing/campaigns/${saved.id}`, { replace: true });
      },
      onError,
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Anchor component={Link} to="/marketing/campaigns" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> {t('campaigns.title')}
      </Anchor>
      <PageHeader
        title={campaign ? campaign.name : t('campaigns.addTitle')}
        actions={<Button type="submit" loading={save.isPending}>{t('campaigns.save')}</Button>}
      />
      {errors.form && <Alert color="red" mb="md">{errors.form}</Alert>}
      <Stack>
        <Card withBorder>
          <Stack>
            <TextInput label={t('campaigns.name')} value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} required />
            <Select
              label={t('campaigns.audience')} placeholder={t('campaigns.audiencePlaceholder')} searchable
              data={(segments.data?.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.member_count})` }))}
              value={draft.segment_id || null} onChange={(value) => set('segment_id', value ?? '')} error={errors.segment_id}
              description={audience.data ? t('campaigns.audienceSize', { count: audience.data.audience_size, holdout: audience.data.holdout_estimate }) : undefined}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('campaigns.channel')} allowDeselect={false} value={draft.channel}
                data={CAMPAIGN_CHANNELS.map((c) => ({ value: c, label: t(`campaigns.channels.${c}`) }))}
                onChange={(value) => value && set('channel', value as CampaignInput['channel'])} error={errors.channel}
              />
              <Select
                label={t('campaigns.purpose')} allowDeselect={false} value={draft.purpose}
                data={CAMPAIGN_PURPOSES.map((p) => ({ value: p, label: t(`campaigns.purposes.${p}`) }))}
                onChange={(value) => value && set('purpose', value as CampaignInput['purpose'])}
              />
            </SimpleGrid>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack>
            <Text fw={500}>{t('campaigns.variants')}</Text>
            {draft.variants.map((variant, index) => (
              <Group key={index} align="flex-start" wrap="nowrap" data-testid="campaign-variant">
                <Select
                  style={{ flex: 1 }} label={t('campaigns.variant', { key: String.fromCharCode(65 + index) })} placeholder={t('campaigns.template')}
                  data={templateOptions} value={variant.template_id || null} searchable
                  onChange={(value) => setVariant(index, { template_id: value ?? '' })} error={errors[`variants.${index}.template_id`]}
                />
                <NumberInput w={120} label={t('campaigns.share')} min={1} max={100} value={variant.share} onChange={(value) => setVariant(index, { share: Number(value) || 0 })} />
                {draft.variants.length > 1 && (
                  <ActionIcon mt={28} variant="subtle" color="red" aria-label={t('campaigns.removeVariant')} onClick={() => set('variants', draft.variants.filter((_, i) => i !== index))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            ))}
            <Group>
              <Button variant="light" leftSection={<IconPlus size={14} />} disabled={draft.variants.length >= 10}
                onClick={() => set('variants', [...draft.variants, { template_id: '', share: 0 }])}>{t('campaigns.addVariant')}</Button>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput label={t('campaigns.holdout')} description={t('campaigns.holdoutHint')} min={0} max={99} value={draft.holdout_share}
                onChange={(value) => set('holdout_share', Number(value) || 0)} error={errors.holdout_share} />
              <Select label={t('campaigns.winnerMetric')} allowDeselect={false} value={draft.winner_metric}
                data={WINNER_METRICS.map((m) => ({ value: m, label: t(`campaigns.metrics.${m}`) }))}
                onChange={(value) => value && set('winner_metric', value as CampaignInput['winner_metric'])} />
            </SimpleGrid>
            <Text size="sm" c={total === 100 ? 'dimmed' : 'red'} data-testid="campaign-shares-total">{t('campaigns.sharesTotal', { total })}</Text>
            {errors.variants && <Text size="sm" c="red">{errors.variants}</Text>}
            <Checkbox label={t('campaigns.autoSendWinner')} checked={draft.auto_send_winner} onChange={(e) => set('auto_send_winner', e.currentTarget.checked)} />
            {draft.auto_send_winner && (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NumberInput label={t('campaigns.testShare')} min={1} max={99} value={draft.test_share ?? ''} onChange={(value) => set('test_share', numberOrNull(value))} error={errors.test_share} />
                <NumberInput label={t('campaigns.decisionHours')} min={1} max={720} value={draft.decision_hours ?? ''} onChange={(value) => set('decision_hours', numberOrNull(value))} error={errors.decision_hours} />
              </SimpleGrid>
            )}
          </Stack>
        </Card>
        <Card withBorder>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput label={t('campaigns.throttle')} min={1} max={1_000_000} value={draft.throttle_per_minute}
              onChange={(value) => set('throttle_per_minute', Number(value) || 1)} error={errors.throttle_per_minute} />
            <NumberInput label={t('campaigns.cost')} min={0} decimalScale={2} value={draft.cost ?? ''} onChange={(value) => set('cost', numberOrNull(value))} error={errors.cost} />
            <TextInput label={t('campaigns.currency')} placeholder="RUB" maxLength={3} value={draft.currency ?? ''}
              onChange={(e) => set('currency', e.currentTarget.value.toUpperCase() || null)} error={errors.currency} />
          </SimpleGrid>
        </Card>
      </Stack>
    </form>
  );
}

/** Creates a campaign, or edits a draft or scheduled one. */
export function CampaignEditPage() {
  const { id } = useParams();
  const campaign = useCampaign(id);
  if (!id) return <CampaignEditor />;
  if (campaign.isPending) return <Center py="xl"><Loader /></Center>;
  if (!campaign.data) return <NotFoundPage />;
  return <CampaignEditor key={campaign.data.id} campaign={campaign.data} />;
}
