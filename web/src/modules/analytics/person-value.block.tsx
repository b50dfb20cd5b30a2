import { Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconDiamond } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { can } from '../auth/permissions.ts';
import { OverviewCard, OverviewEmpty, registerPersonOverviewBlocks, type PersonOverviewBlockProps } from '../customers/index.ts';
import { formatMoney } from './customer-analytics.parts.tsx';
import { usePersonScore } from './customer-value.api.ts';
import { ChurnBadge } from './customer-value.page.tsx';

function Line({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      {hint ? <Tooltip label={hint} multiline w={280}><div>{value}</div></Tooltip> : value}
    </div>
  );
}

/** Customer 360: the person's RFM segment with what to do about it, their CLV, P(alive) and churn risk, in plain words. */
export function PersonValueBlock({ person }: PersonOverviewBlockProps) {
  const { t } = useTranslation();
  const value = usePersonScore(person.id);
  if (value.isError) return null;
  const score = value.data?.score;
  const run = value.data?.run;
  const months = run?.settings.horizon_months ?? 12;
  const currency = run?.currency ?? 'RUB';
  return (
    <OverviewCard title={t('analytics.value.block.title')} icon={<IconDiamond size={16} />} isLoading={value.isPending} testId="overview-value">
      {!score || !run ? <OverviewEmpty>{t('analytics.value.block.empty')}</OverviewEmpty> : (
        <Stack gap="sm">
          <Line
            label={t('analytics.value.block.segment')}
            value={<Text size="sm" fw={600} data-testid="value-segment">{t(`analytics.value.segments.${score.rfm_segment}`)} <Text span size="xs" c="dimmed">{t('analytics.value.block.scores', { r: score.r_score, f: score.f_score, m: score.m_score })}</Text></Text>}
          />
          <Text size="xs">{t(`analytics.value.segmentAdvice.${score.rfm_segment}`)}</Text>
          {run.bgnbd === null ? <Text size="xs" c="dimmed">{t('analytics.value.block.noModel')}</Text> : (
            <>
              <Line
                label={t('analytics.value.block.clv', { months })}
                hint={t('analytics.value.block.clvExplain', { months, margin: formatNumber(run.settings.margin) })}
                value={<Text size="sm" fw={600} data-testid="value-clv">{formatMoney(score.clv, currency)}</Text>}
              />
              <Line
                label={t('analytics.value.block.pAlive')}
                hint={t('analytics.value.block.pAliveExplain')}
                value={score.p_alive === null ? <Text size="sm">—</Text> : (
                  <Stack gap={2}>
                    <Text size="sm" fw={600}>{formatNumber(score.p_alive * 100, { maximumFractionDigits: 0 })}%</Text>
                    <Progress value={score.p_alive * 100} size="sm" color={score.p_alive >= 0.7 ? 'teal' : score.p_alive >= 0.3 ? 'orange' : 'red'} />
                  </Stack>
                )}
              />
              <Line
                label={t('analytics.value.block.churn')}
                value={score.churn_risk ? <ChurnBadge risk={score.churn_risk} /> : <Text size="xs" c="dimmed">{t('analytics.value.block.churnNotJudged')}</Text>}
              />
              {score.expected_purchases !== null && (
                <Line label={t('analytics.value.block.expected', { months })} value={<Text size="sm">{formatNumber(score.expected_purchases, { maximumFractionDigits: 1 })}</Text>} />
              )}
            </>
          )}
        </Stack>
      )}
    </OverviewCard>
  );
}

/** Adds the value block to every person's overview, for roles that may read orders (the scores come from them). */
export function registerCustomerValueParts(): void {
  registerPersonOverviewBlocks([{ key: 'customer-value', column: 'side', order: 5, isVisible: (me) => can(me, 'person', 'read') && can(me, 'order', 'read'), Block: PersonValueBlock }]);
}
