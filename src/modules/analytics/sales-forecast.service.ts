import { sql } from 'kysely';
import { authorize } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { LocalisedText } from '../../platform/records/record-type.ts';
import { hiddenColumns } from '../../platform/records/record-type.ts';
import { dealRecordType, getDealForecast } from '../deals/index.ts';
import { inPeriod, narrowScope, resolvePeriod, workspaceTimeZone, type AnalyticsFilters, type Period } from './analytics-filters.ts';
import { dealProgress, dealReportCondition, reachedStage, type DealReportFilter } from './sales-analytics.sql.ts';

const FORECAST_MONTHS_BACK = 5;
const FORECAST_MONTHS_AHEAD = 6;

/**
 * The forecast looks both ways: without dates, from the first day of the month five months ago
 * to the last day of the month six months ahead.
 */
export function forecastPeriod(filters: Pick<AnalyticsFilters, 'from' | 'to'>, today = new Date()): Period {
  if (filters.from || filters.to) return resolvePeriod(filters, today).current;
  const month = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1));
  const from = month(-FORECAST_MONTHS_BACK).toISOString().slice(0, 10);
  const to = new Date(month(FORECAST_MONTHS_AHEAD + 1).getTime() - 86_400_000).toISOString().slice(0, 10);
  return resolvePeriod({ from, to }, today).current;
}

/**
 * Per open stage, the deals closed so far that reached it and how many of those were won: a
 * deal's P(win) in its current stage is won ÷ closed; stages no closed deal has reached yet fall
 * back to the stage's probability.
 */
function stageWinRates(filter: DealReportFilter) {
  return sql`
    select s.pipeline_id, s.key, s.probability,
      count(g.id) filter (where g.outcome <> 'open' and ${reachedStage})::int as closed_deals,
      count(g.id) filter (where g.outcome = 'won' and ${reachedStage})::int as won_deals
    from pipeline_stage s
    left join (${dealProgress(dealReportCondition(filter))}) g on g.pipeline_id = s.pipeline_id
    where s.workspace_id = ${filter.workspaceId} and s.outcome = 'open'
      ${filter.pipelineId ? sql`and s.pipeline_id = ${filter.pipelineId}` : sql``}
    group by s.pipeline_id, s.key, s.probability`;
}

const monthKey = (row: { month: string; currency: string }) => `${row.month}|${row.currency}`;

/**
 * Sales forecast by month: for open deals by their expected close month, the weighted pipeline
 * (amount × stage probability, from the deals module's forecast) beside a forecast from history
 * (amount × the share of past closed deals that reached the deal's stage and were won), and for
 * past months the revenue won. Currencies are kept apart; amounts are null when the reader's role
 * hides deal amounts, counts stay.
 */
export async function getSalesForecast(ctx: ServiceContext, filters: AnalyticsFilters) {
  const workspaceId = ctx.principal.workspaceId;
  const scope = await narrowScope(ctx.db, workspaceId, authorize(ctx.principal, 'deal', 'read'), filters);
  const isAmountHidden = hiddenColumns(ctx.principal, dealRecordType).has('amount');
  const timeZone = await workspaceTimeZone(ctx.db, workspaceId);
  const period = forecastPeriod(filters);
  const filter: DealReportFilter = { workspaceId, scope, pipelineId: filters.pipeline_id };

  const stages = (await sql<{
    pipeline_id: string; pipeline_name: string; key: string; label: LocalisedText; probability: string; closed_deals: number; won_deals: number;
  }>`
    with rates as (${stageWinRates(filter)})
    select r.pipeline_id, p.name as pipeline_name, r.key, s.label, r.probability::text as probability, r.closed_deals, r.won_deals
    from rates r
    join pipeline p on p.workspace_id = ${workspaceId} and p.id = r.pipeline_id
    join pipeline_stage s on s.workspace_id = ${workspaceId} and s.pipeline_id = r.pipeline_id and s.key = r.key
    order by p.position, p.name, r.pipeline_id, s.position`.execute(ctx.db)).rows;

  const open = (await sql<{ month: string; currency: string; open_deals: number; expected_wins: number; pipeline_amount: string; win_rate_amount: string }>`
    with rates as (${stageWinRates(filter)}),
    g as (${dealProgress(dealReportCondition(filter))}),
    chances as (
      select g.expected_close_date, g.currency, g.amount,
        coalesce(r.won_deals::numeric / nullif(r.closed_deals, 0), g.probability / 100) as p_win
      from g join rates r on r.pipeline_id = g.pipeline_id and r.key = g.stage
      where g.outcome = 'open' and g.expected_close_date between ${period.from}::date and ${period.to}::date
    )
    select to_char(expected_close_date, 'YYYY-MM') as month, currency, count(*)::int as open_deals,
      round(sum(p_win), 2)::float8 as expected_wins,
      coalesce(sum(amount), 0)::text as pipeline_amount,
      round(coalesce(sum(amount * p_win), 0), 2)::text as win_rate_amount
    from chances group by 1, 2`.execute(ctx.db)).rows;

  const won = (await sql<{ month: string; currency: string; won_deals: number; won_amount: string }>`
    select to_char(d.closed_at at time zone ${timeZone}, 'YYYY-MM') as month, d.currency, count(*)::int as won_deals,
      coalesce(sum(d.amount), 0)::text as won_amount
    from deal d
    join pipeline_stage s on s.workspace_id = d.workspace_id and s.pipeline_id = d.pipeline_id and s.key = d.stage
    where ${dealReportCondition(filter)} and s.outcome = 'won' and d.closed_at is not null and ${inPeriod('d.closed_at', period, timeZone)}
    group by 1, 2`.execute(ctx.db)).rows;

  const weighted = (await getDealForecast(ctx, { pipelineId: filters.pipeline_id, ...(scope.kind === 'owners' ? { ownerIds: scope.ownerIds } : {}) })).months;

  const keys = [...new Set([...open, ...won].map(monthKey))].sort();
  const money = (value: string | undefined) => (isAmountHidden ? null : (value ?? '0.00'));
  return {
    period,
    is_amount_hidden: isAmountHidden,
    months: keys.map((key) => {
      const [month, currency] = key.split('|') as [string, string];
      const o = open.find((row) => monthKey(row) === key);
      const w = won.find((row) => monthKey(row) === key);
      return {
        month,
        currency,
        open_deals: o?.open_deals ?? 0,
        expected_wins: o?.expected_wins ?? 0,
        pipeline_amount: money(o?.pipeline_amount),
        weighted_amount: money(weighted.find((row) => monthKey(row) === key)?.weighted),
        win_rate_amount: money(o?.win_rate_amount),
        won_deals: w?.won_deals ?? 0,
        won_amount: money(w?.won_amount),
      };
    }),
    stages: stages.map((s) => ({
      pipeline_id: s.pipeline_id,
      pipeline_name: s.pipeline_name,
      key: s.key,
      label: s.label,
      probability: Number(s.probability),
      closed_deals: s.closed_deals,
      won_deals: s.won_deals,
      win_rate: s.closed_deals > 0 ? Math.round((s.won_deals / s.closed_deals) * 1000) / 1000 : null,
    })),
  };
}
