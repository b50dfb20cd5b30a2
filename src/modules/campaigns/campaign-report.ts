import { sql } from 'kysely';
import { authorize } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { chooseWinner, differenceInterval, type Proportion } from './ab-test.ts';
import { CONVERSION_WINDOW_DAYS, HOLDOUT, type CampaignReport, type WinnerMetric } from './campaigns.schemas.ts';
import { loadCampaign, type CampaignRow } from './campaigns.service.ts';

type Row = CampaignReport['rows'][number];
const COUNTS = ['recipients', 'sent', 'delivered', 'opened', 'clicked', 'skipped', 'failed', 'unsubscribed', 'conversions', 'revenue'] as const;

/**
 * Per variant and the holdout: recipients and their messages' statuses, unsubscribes after the send
 * (a withdrawn consent for the campaign's purpose), and conversions: recipients with an order within
 * CONVERSION_WINDOW_DAYS of the start, sent to or not, so the holdout is measured the same way.
 */
async function variantRows(db: Db, campaign: CampaignRow): Promise<Row[]> {
  const start = campaign.started_at ?? new Date();
  const rows = (await sql<{ variant: string } & Record<(typeof COUNTS)[number], string>>`
    select r.variant, count(*) as recipients, count(m.sent_at) as sent, count(m.delivered_at) as delivered,
      count(m.opened_at) as opened, count(m.clicked_at) as clicked,
      count(*) filter (where m.status = 'skipped') as skipped,
      count(*) filter (where m.status in ('failed', 'bounced') or r.state = 'failed') as failed,
      count(*) filter (where m.sent_at is not null and exists (
        select 1 from consent_state s where s.workspace_id = r.workspace_id and s.person_id = r.person_id
          and s.purpose = ${campaign.purpose} and s.status = 'withdrawn' and s.occurred_at >= m.sent_at)) as unsubscribed,
      count(o.person_id) as conversions, coalesce(sum(o.revenue), 0) as revenue
    from campaign_recipient r
    left join message m on m.workspace_id = r.workspace_id and m.id = r.message_id
    left join lateral (
      select r.person_id, sum(so.total - so.returned_total) as revenue from sales_order so
      where so.workspace_id = r.workspace_id and so.person_id = r.person_id and so.status <> 'cancelled'
        and so.placed_at >= ${start} and so.placed_at < ${start}::timestamptz + make_interval(days => ${CONVERSION_WINDOW_DAYS})
      having count(*) > 0
    ) o on true
    where r.workspace_id = ${campaign.workspace_id} and r.campaign_id = ${campaign.id} and r.state <> 'waiting'
    group by r.variant order by r.variant`.execute(db)).rows;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const parsed = rows.map((r) => Object.fromEntries([['variant', r.variant], ...COUNTS.map((k) => [k, Number(r[k])])]) as Omit<Row, 'open_rate' | 'click_rate' | 'conversion_rate' | 'uplift_vs_holdout'>);
  const holdout = parsed.find((r) => r.variant === HOLDOUT);
  return parsed.map((r) => ({
    ...r,
    open_rate: ratio(r.opened, r.sent), click_rate: ratio(r.clicked, r.sent), conversion_rate: ratio(r.conversions, r.recipients),
    uplift_vs_holdout: holdout && r.variant !== HOLDOUT
      ? differenceInterval({ successes: r.conversions, trials: r.recipients }, { successes: holdout.conversions, trials: holdout.recipients })
      : null,
  }));
}

/** What the metric counts: opens and clicks of the messages sent, conversions of everyone assigned. */
export function metricProportion(row: Row, metric: WinnerMetric): Proportion {
  if (metric === 'open') return { successes: row.opened, trials: row.sent };
  if (metric === 'click') return { successes: row.clicked, trials: row.sent };
  return { successes: row.conversions, trials: row.recipients };
}

export async function buildReport(db: Db, campaign: CampaignRow): Promise<CampaignReport> {
  const rows = await variantRows(db, campaign);
  const variants = rows.filter((r) => r.variant !== HOLDOUT);
  const choice = chooseWinner(variants.map((r) => ({ key: r.variant, ...metricProportion(r, campaign.winner_metric) })));
  const sum = (key: 'recipients' | 'sent' | 'conversions' | 'revenue', list: Row[]) => list.reduce((total, r) => total + r[key], 0);
  const revenue = sum('revenue', variants);
  const cost = campaign.cost === null ? null : Number(campaign.cost);
  return {
    campaign_id: campaign.id, status: campaign.status, metric: campaign.winner_metric, rows,
    totals: {
      recipients: sum('recipients', variants), sent: sum('sent', variants), conversions: sum('conversions', variants), revenue, cost,
      // ROI = (revenue − cost) / cost
      roi: cost ? (revenue - cost) / cost : null,
    },
    experiment: {
      leader: choice.leader, winner: choice.winner, runner_up: choice.runnerUp, p_value: choice.pValue, z: choice.z, is_significant: choice.winner !== null,
    },
    conversion_window_days: CONVERSION_WINDOW_DAYS,
  };
}

export async function getCampaignReport(ctx: ServiceContext, id: string): Promise<CampaignReport> {
  authorize(ctx.principal, 'person', 'read');
  return buildReport(ctx.db, await loadCampaign(ctx.db, ctx.principal.workspaceId, id));
}

/** The variant the rest of the audience gets: the significant winner, else the leader, else the first. */
export async function decideVariant(db: Db, campaign: CampaignRow): Promise<string> {
  const report = await buildReport(db, campaign);
  return report.experiment.winner ?? report.experiment.leader ?? campaign.variants[0]!.key;
}
