import { sql } from 'kysely';
import { authorize } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { engagementStats } from '../engagement/index.ts';
import { chooseWinner, differenceInterval, type Proportion } from './ab-test.ts';
import { CONVERSION_WINDOW_DAYS, HOLDOUT, type CampaignReport, type WinnerMetric } from './campaigns.schemas.ts';
import { loadCampaign, type CampaignRow } from './campaigns.service.ts';

type Row = CampaignReport['rows'][number];

/**
 * Who was assigned to each variant and the holdout, and how many of them ordered within
 * CONVERSION_WINDOW_DAYS of the start, sent to or not: the holdout is measured the same way as the
 * variants, which is what the uplift compares.
 */
async function assignedRows(db: Db, campaign: CampaignRow) {
  const start = campaign.started_at ?? new Date();
  return (await sql<{ variant: string; recipients: number; converted: number }>`
    select r.variant, count(*)::int as recipients, count(*) filter (where exists (
        select 1 from sales_order so
        where so.workspace_id = r.workspace_id and so.person_id = r.person_id and so.status <> 'cancelled'
          and so.placed_at >= ${start} and so.placed_at < ${start}::timestamptz + make_interval(days => ${CONVERSION_WINDOW_DAYS})))::int as converted
    from campaign_recipient r
    where r.workspace_id = ${campaign.workspace_id} and r.campaign_id = ${campaign.id} and r.state <> 'waiting'
    group by r.variant order by r.variant`.execute(db)).rows;
}

/**
 * Per variant and the holdout: the messages' figures from engagement (sent, delivered, open and
 * click rates per delivered, unsubscribes, attributed conversions and revenue) next to the
 * assignment's recipients and their conversion rate within the window, with the uplift over the holdout.
 */
async function variantRows(db: Db, campaign: CampaignRow): Promise<Row[]> {
  const [assigned, stats] = await Promise.all([
    assignedRows(db, campaign),
    engagementStats(db, campaign.workspace_id, { source: 'campaign', sourceId: campaign.id, groupBy: 'variant' }),
  ]);
  const statsOf = new Map(stats.map((s) => [s.group, s]));
  const holdout = assigned.find((r) => r.variant === HOLDOUT);
  return assigned.map((r) => {
    const s = statsOf.get(r.variant);
    return {
      variant: r.variant, recipients: r.recipients, converted: r.converted,
      sent: s?.sent ?? 0, delivered: s?.delivered ?? 0, opened: s?.opened ?? 0, clicked: s?.clicked ?? 0, skipped: s?.skipped ?? 0,
      failed: (s?.failed ?? 0) + (s?.bounced ?? 0), unsubscribed: s?.unsubscribed ?? 0, conversions: s?.conversions ?? 0, revenue: Number(s?.revenue ?? 0),
      open_rate: s && s.delivered > 0 ? s.open_rate : null, click_rate: s && s.delivered > 0 ? s.click_rate : null,
      conversion_rate: r.recipients > 0 ? r.converted / r.recipients : null,
      uplift_vs_holdout: holdout && r.variant !== HOLDOUT
        ? differenceInterval({ successes: r.converted, trials: r.recipients }, { successes: holdout.converted, trials: holdout.recipients })
        : null,
    };
  });
}

/** What the metric counts: opens and clicks of the messages delivered, people who ordered of everyone assigned. */
export function metricProportion(row: Row, metric: WinnerMetric): Proportion {
  if (metric === 'open') return { successes: row.opened, trials: row.delivered };
  if (metric === 'click') return { successes: row.clicked, trials: row.delivered };
  return { successes: row.converted, trials: row.recipients };
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
