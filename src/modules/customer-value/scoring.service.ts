import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { expectedPurchasesIfAlive, fitBgNbd, type BgNbdFit, type BgNbdParams, type RepeatHistory } from './models/bg-nbd.ts';
import { fitGammaGamma, type GammaGammaFit, type SpendHistory } from './models/gamma-gamma.ts';
import { TIME_UNIT_DAYS } from './models/repeat-histories.ts';
import { rfmSegmentCaseSql } from './rfm.ts';
import './customer-value.tables.ts';

/** The models need a few repeat buyers before their estimates mean anything; below this, only RFM is scored. */
export const MIN_CUSTOMERS_FOR_MODELS = 20;
export const MIN_REPEAT_BUYERS_FOR_SPEND = 10;
/**
 * Both models are fitted on a stable hash sample of at most about this many customers: their
 * standard errors are already small there, and the fit stays seconds long at a million customers.
 * Every customer is still scored.
 */
export const FIT_SAMPLE_LIMIT = 30_000;
const WEEK_DAYS = TIME_UNIT_DAYS.week;
const MONTH_WEEKS = TIME_UNIT_DAYS.month / WEEK_DAYS;

export interface ScoringSettings {
  rfm_window_days: number;
  horizon_months: number;
  margin: number;
  annual_discount_rate: number;
}

export const DEFAULT_SETTINGS: ScoringSettings = { rfm_window_days: 365, horizon_months: 12, margin: 1, annual_discount_rate: 0.1 };

export async function scoringSettings(db: Db, workspaceId: string): Promise<ScoringSettings> {
  const row = await db.selectFrom('customer_value_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS;
  return { rfm_window_days: row.rfm_window_days, horizon_months: row.horizon_months, margin: Number(row.margin), annual_discount_rate: Number(row.annual_discount_rate) };
}

export interface ModelSummary<P> {
  params: P;
  ll: number;
  standard_errors: Record<string, number | null>;
  customers: number;
  is_converged: boolean;
}

export interface ScoringOutcome {
  runId: string;
  customers: number;
  bgnbd: ModelSummary<BgNbdParams> | null;
  gammagamma: ModelSummary<{ p: number; q: number; gamma: number }> | null;
  /** Expected revenue from today's customers in each of the next months, from the models. */
  forecast: { month: number; expected_purchases: number; expected_revenue: number }[];
  seconds: number;
}

const summarise = <P>(fit: BgNbdFit | GammaGammaFit): ModelSummary<P> => ({
  params: fit.params as P, ll: fit.ll, standard_errors: fit.standardErrors, customers: fit.customers, is_converged: fit.isConverged,
});

/**
 * Per distinct (x, T): the cumulative purchases expected by the end of each month of the horizon
 * from a customer still active. The database multiplies them by each person's P(alive).
 */
function purchaseCurves(params: BgNbdParams, pairs: { x: number; tDays: number }[], months: number): number[][] {
  return pairs.map(({ x, tDays }) => Array.from({ length: months }, (_, i) => expectedPurchasesIfAlive(params, x, tDays / WEEK_DAYS, (i + 1) * MONTH_WEEKS)));
}

/**
 * `daily (person_id, day, value, orders)`: each person's purchase days up to `asOf` with their value
 * net of returns. The orders the models count: not cancelled, in the workspace's currency; orders on
 * one day are one transaction, as in the models' papers.
 */
export function purchaseDaysCte(workspaceId: string, workspace: { time_zone: string; currency: string }, asOf: string): RawBuilder<unknown> {
  return sql`daily as (
    select person_id, (placed_at at time zone ${workspace.time_zone})::date as day,
      sum(total - returned_total) as value, count(*)::int as orders
    from sales_order
    where workspace_id = ${workspaceId} and person_id is not null and status <> 'cancelled' and currency = ${workspace.currency}
      and placed_at < (${asOf}::date + 1)::timestamp at time zone ${workspace.time_zone}
    group by 1, 2
  )`;
}

/**
 * The day customers are scored as of: today, or the last order's day when the history ended earlier
 * (an imported archive such as Online Retail): a shop that stopped trading is judged from its last day.
 */
export async function scoringDay(db: Db, workspaceId: string, timeZone: string): Promise<string> {
  return (await sql<{ day: string }>`
    select to_char(least((now() at time zone ${timeZone})::date,
      coalesce((select max(placed_at) from sales_order where workspace_id = ${workspaceId}) at time zone ${timeZone}, now() at time zone ${timeZone})::date), 'YYYY-MM-DD') as day`.execute(db)).rows[0]!.day;
}

/**
 * Scores every customer of a workspace in one pass over their orders: RFM quintiles and segments,
 * BG/NBD (purchases, P(alive)) and Gamma-Gamma (spend) fitted to the workspace's own history, and
 * CLV over the horizon with margin and discounting. Set-based: the database aggregates orders per
 * person once; only grouped histories and model curves cross into JS.
 */
export async function scoreCustomers(db: Db, workspaceId: string, options: { asOf?: string; requestedBy?: string | null } = {}): Promise<ScoringOutcome> {
  const started = performance.now();
  const workspace = await db.selectFrom('workspace').select(['time_zone', 'currency']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const settings = await scoringSettings(db, workspaceId);
  const asOf = options.asOf ?? await scoringDay(db, workspaceId, workspace.time_zone);
  const runId = newId();
  await db.insertInto('customer_value_run').values({
    workspace_id: workspaceId, id: runId, status: 'running', requested_by: options.requestedBy ?? null, as_of: asOf,
    currency: workspace.currency, settings: JSON.stringify(settings),
  }).execute();
  try {
    const outcome = await db.transaction().execute(async (trx) => {
      // Runs of one workspace take turns; each replaces all of its scores.
      await sql`select pg_advisory_xact_lock(hashtextextended(${`customer-value:${workspaceId}`}, 0))`.execute(trx);
      // One aggregation of the orders: purchase days per person (orders on one day are one
      // transaction, as in the models' papers), then each person's summary.
      await sql`
        create temp table customer_value_stats on commit drop as
        with ${purchaseDaysCte(workspaceId, workspace, asOf)}
        select person_id, min(day) as first_day, max(day) as last_day, count(*)::int as days,
          sum(value) as total_value, (array_agg(value order by day))[1] as first_value,
          coalesce(sum(orders) filter (where day > ${asOf}::date - ${settings.rfm_window_days}::int), 0)::int as frequency,
          coalesce(sum(value) filter (where day > ${asOf}::date - ${settings.rfm_window_days}::int), 0) as monetary
        from daily group by person_id`.execute(trx);

      const { customers, repeaters } = (await sql<{ customers: number; repeaters: number }>`
        select count(*)::int as customers, (count(*) filter (where days > 1))::int as repeaters from customer_value_stats`.execute(trx)).rows[0]!;
      // A stable hash sample, so reruns on the same data fit the same customers.
      const inSample = (share: number) => {
        const buckets = Math.max(1, Math.ceil(share / FIT_SAMPLE_LIMIT));
        return sql<boolean>`(${buckets}::int = 1 or abs(hashtext(person_id::text)) % ${buckets}::int = 0)`;
      };
      const histories = (await sql<{ x: number; tx: number; t: number; n: number }>`
        select days - 1 as x, last_day - first_day as tx, ${asOf}::date - first_day as t, count(*)::int as n
        from customer_value_stats where ${inSample(customers)} group by 1, 2, 3`.execute(trx)).rows
        .map((h): RepeatHistory => ({ x: h.x, tx: h.tx / WEEK_DAYS, T: h.t / WEEK_DAYS, count: h.n }));

      let bgnbd: BgNbdFit | null = null;
      let spend: GammaGammaFit | null = null;
      if (customers >= MIN_CUSTOMERS_FOR_MODELS && repeaters > 0 && histories.some((h) => h.x > 0)) {
        bgnbd = fitBgNbd(histories);
        if (repeaters >= MIN_REPEAT_BUYERS_FOR_SPEND) {
          const spendRows = (await sql<{ x: number; m: string; n: number }>`
            select days - 1 as x, round((total_value - first_value) / (days - 1), 2) as m, count(*)::int as n
            from customer_value_stats
            where days > 1 and total_value > first_value and ${inSample(repeaters)}
            group by 1, 2`.execute(trx)).rows;
          const spendHistories: SpendHistory[] = spendRows.map((r) => ({ x: r.x, meanValue: Number(r.m), count: r.n }));
          if (spendHistories.length > 0) spend = fitGammaGamma(spendHistories);
        }
      }

      const monthlyDiscount = Math.pow(1 + settings.annual_discount_rate, 1 / 12) - 1;
      // Every customer's (x, T), not only the sample's: all of them are scored.
      const pairs = bgnbd ? (await sql<{ x: number; t: number }>`
        select distinct days - 1 as x, ${asOf}::date - first_day as t from customer_value_stats`.execute(trx)).rows.map((h) => ({ x: h.x, tDays: h.t })) : [];
      const curves = bgnbd ? purchaseCurves(bgnbd.params, pairs, settings.horizon_months) : [];
      // Discounted purchases: each month's increment of the curve, discounted to today.
      const discounted = curves.map((curve) => curve.reduce((sum, cumulative, i) => sum + (cumulative - (i > 0 ? curve[i - 1]! : 0)) / Math.pow(1 + monthlyDiscount, i + 1), 0));
      const populationSpend = spend && spend.params.q > 1 ? (spend.params.p * spend.params.gamma) / (spend.params.q - 1) : null;
      const { r, alpha, a, b } = bgnbd?.params ?? { r: 1, alpha: 1, a: 1, b: 1 };
      const { p, q, gamma } = spend?.params ?? { p: 1, q: 2, gamma: 1 };

      await sql`delete from customer_score where workspace_id = ${workspaceId}`.execute(trx);
      await sql`
        insert into customer_score (workspace_id, person_id, run_id, first_order_on, last_order_on, recency_days, frequency, monetary,
          r_score, f_score, m_score, rfm_segment, repeat_purchases, p_alive, expected_purchases, expected_avg_value, clv, churn_risk)
        with scored as (
          select s.*, ${asOf}::date - s.last_day as recency, s.days - 1 as x,
            ${asOf}::date - s.first_day as t_days,
            (s.last_day - s.first_day) / ${WEEK_DAYS}::float8 as tx_weeks, (${asOf}::date - s.first_day) / ${WEEK_DAYS}::float8 as t_weeks,
            -- Percentile ranks keep equal values in one score, which ntile would split.
            least(5, 1 + floor(5 * percent_rank() over (order by s.last_day)))::smallint as r_score,
            least(5, 1 + floor(5 * percent_rank() over (order by s.frequency)))::smallint as f_score,
            least(5, 1 + floor(5 * percent_rank() over (order by s.monetary)))::smallint as m_score
          from customer_value_stats s
        ), curves as (
          select * from unnest(${pairs.map((pair) => pair.x)}::int[], ${pairs.map((pair) => pair.tDays)}::int[],
            ${curves.map((curve) => curve[curve.length - 1]!)}::float8[], ${discounted}::float8[]) as c(x, t_days, horizon_purchases, discounted_purchases)
        ), predicted as (
          select scored.*, c.horizon_purchases, c.discounted_purchases,
            case when ${sql.lit(bgnbd !== null)} then
              case when scored.x = 0 then 1.0
              else 1.0 / (1.0 + (${a}::float8 / (${b}::float8 + scored.x - 1)) * exp((${r}::float8 + scored.x) * ln((${alpha}::float8 + scored.t_weeks) / (${alpha}::float8 + scored.tx_weeks))))
              end
            end as p_alive,
            case when ${sql.lit(spend !== null)} then
              case when scored.x > 0 and scored.total_value > scored.first_value
                then ${p}::float8 * (${gamma}::float8 + (scored.total_value - scored.first_value)::float8) / (${p}::float8 * scored.x + ${q}::float8 - 1)
                else ${populationSpend}::float8
              end
            end as avg_value
          from scored left join curves c on c.x = scored.x and c.t_days = scored.t_days
        )
        select ${workspaceId}::uuid, person_id, ${runId}::uuid, first_day, last_day, recency, frequency, round(monetary, 2),
          r_score, f_score, m_score, ${sql.raw(rfmSegmentCaseSql('r_score', 'f_score', 'm_score'))}, x,
          p_alive, p_alive * horizon_purchases, round(avg_value::numeric, 2),
          round((p_alive * discounted_purchases * avg_value * ${settings.margin}::float8)::numeric, 2),
          case when p_alive is null or x = 0 then null when p_alive >= 0.7 then 'low' when p_alive >= 0.3 then 'medium' else 'high' end
        from predicted`.execute(trx);

      // The revenue forecast: each month's expected purchases of today's customers times their expected spend.
      const forecast: ScoringOutcome['forecast'] = [];
      if (bgnbd) {
        const weights = (await sql<{ x: number; t_days: number; alive: number; alive_value: number | null }>`
          select s.days - 1 as x, ${asOf}::date - s.first_day as t_days,
            sum(c.p_alive)::float8 as alive, sum(c.p_alive * c.expected_avg_value)::float8 as alive_value
          from customer_value_stats s join customer_score c on c.workspace_id = ${workspaceId} and c.person_id = s.person_id
          group by 1, 2`.execute(trx)).rows;
        const curveOf = new Map(pairs.map((pair, i) => [`${pair.x}|${pair.tDays}`, curves[i]!]));
        for (let month = 0; month < settings.horizon_months; month++) {
          let purchases = 0;
          let revenue = 0;
          for (const w of weights) {
            const curve = curveOf.get(`${w.x}|${w.t_days}`);
            if (!curve) continue;
            const increment = curve[month]! - (month > 0 ? curve[month - 1]! : 0);
            purchases += w.alive * increment;
            revenue += (w.alive_value ?? 0) * increment;
          }
          forecast.push({ month: month + 1, expected_purchases: purchases, expected_revenue: revenue });
        }
      }
      return { customers, bgnbd, spend, forecast };
    });

    const bgnbd = outcome.bgnbd ? summarise<BgNbdParams>(outcome.bgnbd) : null;
    const gammagamma = outcome.spend ? summarise<{ p: number; q: number; gamma: number }>(outcome.spend) : null;
    await db.updateTable('customer_value_run').set({
      status: 'completed', customers: outcome.customers, finished_at: new Date(),
      bgnbd: bgnbd ? JSON.stringify(bgnbd) : null,
      gammagamma: gammagamma ? JSON.stringify(gammagamma) : null,
      forecast: JSON.stringify(outcome.forecast),
    }).where('workspace_id', '=', workspaceId).where('id', '=', runId).execute();
    return { runId, customers: outcome.customers, bgnbd, gammagamma, forecast: outcome.forecast, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await db.updateTable('customer_value_run').set({ status: 'failed', error: (error as Error).message, finished_at: new Date() })
      .where('workspace_id', '=', workspaceId).where('id', '=', runId).execute();
    throw error;
  }
}
