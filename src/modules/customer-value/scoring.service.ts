import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { rebuildCustomerTotals } from '../commerce/index.ts';
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

/** Orders that count as purchases, as in commerce's customer totals: paid, fulfilled or (later) returned. */
const PURCHASE_STATUSES = sql`('paid', 'fulfilled', 'returned')`;

type WorkspaceMoney = { time_zone: string; currency: string };

/**
 * `daily (person_id, day, value)`: each person's purchase days up to `asOf` with their value net of
 * returns. The orders the models count: purchases in the workspace's currency; orders on one day are
 * one transaction, as in the models' papers.
 */
export function purchaseDaysCte(workspaceId: string, workspace: WorkspaceMoney, asOf: string): RawBuilder<unknown> {
  return sql`daily as (
    select person_id, (placed_at at time zone ${workspace.time_zone})::date as day,
      sum(total - returned_total) as value
    from sales_order
    where workspace_id = ${workspaceId} and person_id is not null and status in ${PURCHASE_STATUSES} and currency = ${workspace.currency}
      and placed_at < (${asOf}::date + 1)::timestamp at time zone ${workspace.time_zone}
    group by 1, 2
  )`;
}

/** Whether purchases were made after the scoring day, so the kept totals (which include them) can't be used. */
async function hasPurchasesAfter(db: Db, workspaceId: string, workspace: WorkspaceMoney, asOf: string): Promise<boolean> {
  return (await sql<{ later: boolean }>`
    select exists (
      select 1 from sales_order where workspace_id = ${workspaceId} and status in ${PURCHASE_STATUSES}
        and placed_at >= (${asOf}::date + 1)::timestamp at time zone ${workspace.time_zone}
    ) as later`.execute(db)).rows[0]!.later;
}

/**
 * Each customer's summary (first and last purchase day, purchase days, value, first day's value,
 * RFM frequency and monetary within the window) from commerce's per-customer totals, which every
 * order write keeps: one row per customer instead of one per order. The window's purchases are
 * found by binary search in the sorted purchase days (width_bucket counts the days up to the
 * window's start), and its value from the running totals. Rows older than those columns are
 * recomputed first.
 */
async function statsFromTotals(db: Db, workspaceId: string, workspace: WorkspaceMoney, asOf: string, windowDays: number): Promise<RawBuilder<unknown>> {
  const isStale = (await sql<{ stale: boolean }>`
    select exists (select 1 from customer_order_totals where workspace_id = ${workspaceId} and purchase_days is null) as stale`.execute(db)).rows[0]!.stale;
  if (isStale) await rebuildCustomerTotals(db, workspaceId);
  return sql`
    select person_id, purchase_days[1] as first_day, purchase_days[days] as last_day, days,
      purchase_running_value[days] as total_value, purchase_running_value[1] as first_value,
      days - before_window as frequency, purchase_running_value[days] - coalesce(purchase_running_value[before_window], 0) as monetary
    from (
      select person_id, purchase_days, purchase_running_value, cardinality(purchase_days) as days,
        width_bucket(${asOf}::date - ${windowDays}::int, purchase_days) as before_window
      from customer_order_totals
      where workspace_id = ${workspaceId} and currency = ${workspace.currency} and cardinality(purchase_days) > 0
    ) t`;
}

/** The same summary aggregated from the orders up to the scoring day: for scoring as of a past day. */
function statsFromOrders(workspaceId: string, workspace: WorkspaceMoney, asOf: string, windowDays: number): RawBuilder<unknown> {
  return sql`
    with ${purchaseDaysCte(workspaceId, workspace, asOf)}
    select person_id, min(day) as first_day, max(day) as last_day, count(*)::int as days,
      sum(value) as total_value, (min(array[day - date '2000-01-01', value]))[2] as first_value,
      count(*) filter (where day > ${asOf}::date - ${windowDays}::int)::int as frequency,
      coalesce(sum(value) filter (where day > ${asOf}::date - ${windowDays}::int), 0) as monetary
    from daily group by person_id`;
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
 * RFM quintile scores are percentile ranks: score = min(5, 1 + ⌊5 · below / (n − 1)⌋), where
 * `below` counts customers with a lower value, so equal values share a score (ntile would split
 * them). A score exceeds j exactly when below ≥ c = ⌈j (n − 1) / 5⌉, that is when the value is
 * above the c-th smallest one. These are the four such values per measure, found without ranking
 * every customer's row: recency and frequency take few distinct values, so their counts place each
 * position; monetary values are sorted alone.
 */
async function rfmThresholds(db: Db, customers: number): Promise<Record<'last_day' | 'frequency' | 'monetary', unknown[]>> {
  if (customers === 0) return { last_day: [], frequency: [], monetary: [] };
  const span = Math.max(customers - 1, 1);
  const positions = [1, 2, 3, 4].map((j) => Math.ceil((j * span) / 5));
  const fromCounts = async (column: string) => {
    const counts = (await sql<{ value: unknown; n: number }>`
      select ${sql.ref(column)} as value, count(*)::int as n from customer_value_stats group by 1 order by 1`.execute(db)).rows;
    let cumulative = 0;
    let next = 0;
    const values: unknown[] = [];
    for (const { value, n } of counts) {
      cumulative += n;
      while (next < positions.length && cumulative >= positions[next]!) { values.push(value); next++; }
    }
    return values;
  };
  const fromSort = async (column: string) => (await sql<{ value: unknown }>`
    select value from (select ${sql.ref(column)} as value, row_number() over (order by ${sql.ref(column)}) as position from customer_value_stats) ranked
    where position = any(${positions}::int[]) order by position`.execute(db)).rows.map((row) => row.value);
  return { last_day: await fromCounts('last_day'), frequency: await fromCounts('frequency'), monetary: await fromSort('monetary') };
}

/** The partition holding a workspace's scores (migration 0002). */
const scorePartitionName = (workspaceId: string) => `customer_score_w_${workspaceId.replaceAll('-', '')}`;

/**
 * Gives a freshly filled scores table the primary key and indexes the partitioned table declares,
 * read from the catalogue so the migrations stay their one definition. Built in bulk after the
 * insert, they cost a fraction of maintaining them row by row; attaching the table then adopts them.
 */
async function indexLikeScores(db: Db, table: string): Promise<void> {
  const primaryKey = (await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'customer_score'::regclass and contype = 'p'`.execute(db)).rows[0]!.def;
  await sql`alter table ${sql.id(table)} add ${sql.raw(primaryKey)}`.execute(db);
  const indexes = (await sql<{ def: string }>`
    select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'customer_score'::regclass and not indisprimary`.execute(db)).rows;
  for (const { def } of indexes) {
    await sql.raw(def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON ONLY \S+ /, (_match, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ON "${table}" `)).execute(db);
  }
}

/**
 * Replaces the workspace's scores partition with the one just built. Detaching locks the scores
 * table, so this is the run's last step: the lock lasts only until the commit.
 */
async function swapScorePartition(db: Db, workspaceId: string, partition: string, next: string): Promise<void> {
  const current = (await sql<{ present: boolean }>`select to_regclass(${partition}) is not null as present`.execute(db)).rows[0]!.present;
  if (current) {
    await sql`alter table customer_score detach partition ${sql.id(partition)}`.execute(db);
    await sql`drop table ${sql.id(partition)}`.execute(db);
  }
  await sql`alter table ${sql.id(next)} rename to ${sql.id(partition)}`.execute(db);
  await sql`alter table customer_score attach partition ${sql.id(partition)} for values in (${sql.lit(workspaceId)})`.execute(db);
}

/**
 * Scores every customer of a workspace: RFM quintiles and segments, BG/NBD (purchases, P(alive))
 * and Gamma-Gamma (spend) fitted to the workspace's own history, and CLV over the horizon with
 * margin and discounting. Set-based: one summary row per customer (from the kept purchase days, or
 * aggregated from orders when scoring as of a past day); only grouped histories and model curves
 * cross into JS. The scores are written to a new partition that replaces the old one at the end.
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
      // Runs take turns, across workspaces too: each holds a share lock on the scores table from its
      // start and swaps a partition at its end, so two at once could deadlock on the swap.
      await sql`select pg_advisory_xact_lock(hashtextextended('customer-value:scoring', 0))`.execute(trx);
      // A run sorts and hashes a row per customer a few times and indexes them all: in memory that is
      // several times faster than spilled to disk (the default 4 MB spills at a few thousand customers).
      await sql`set local work_mem = '192MB'`.execute(trx);
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      // Compiling these one-off statements to machine code costs more than it saves.
      await sql`set local jit = off`.execute(trx);
      await sql`
        create temp table customer_value_stats on commit drop as
        ${await hasPurchasesAfter(trx, workspaceId, workspace, asOf)
    ? statsFromOrders(workspaceId, workspace, asOf, settings.rfm_window_days)
    : await statsFromTotals(trx, workspaceId, workspace, asOf, settings.rfm_window_days)}`.execute(trx);
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
      let spend: GammaGammaFit | null = null; if (customers >= MIN_CUSTOMERS_FOR_MODELS && repeaters > 0 && histories.some((h) => h.x > 0)) {
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
      } const monthlyDiscount = Math.pow(1 + settings.annual_discount_rate, 1 / 12) - 1;
      // Every customer's (x, T), not only the sample's: all of them are scored.
      const pairs = bgnbd ? (await sql<{ x: number; t: number }>`
        select distinct days - 1 as x, ${asOf}::date - first_day as t from customer_value_stats`.execute(trx)).rows.map((h) => ({ x: h.x, tDays: h.t })) : [];
      const curves = bgnbd ? purchaseCurves(bgnbd.params, pairs, settings.horizon_months) : [];
      // Discounted purchases: each month's increment of the curve, discounted to today.
      const discounted = curves.map((curve) => curve.reduce((sum, cumulative, i) => sum + (cumulative - (i > 0 ? curve[i - 1]! : 0)) / Math.pow(1 + monthlyDiscount, i + 1), 0));
      const populationSpend = spend && spend.params.q > 1 ? (spend.params.p * spend.params.gamma) / (spend.params.q - 1) : null;
      const { r, alpha, a, b } = bgnbd?.params ?? { r: 1, alpha: 1, a: 1, b: 1 };
      const { p, q, gamma } = spend?.params ?? { p: 1, q: 2, gamma: 1 };
      const partition = scorePartitionName(workspaceId);
      const next = `${partition}_next`;
      await sql`create table ${sql.id(next)} (like customer_score including defaults including constraints)`.execute(trx);
      // The curves as a small table the statement below hashes; left to itself, the planner sorts
      // every customer to merge them in, several times slower.
      await sql`
        create temp table customer_value_curves on commit drop as
        select * from unnest(${pairs.map((pair) => pair.x)}::int[], ${pairs.map((pair) => pair.tDays)}::int[],
          ${curves.map((curve) => curve[curve.length - 1]!)}::float8[], ${discounted}::float8[]) as c(x, t_days, horizon_purchases, discounted_purchases)`.execute(trx); const thresholds = await rfmThresholds(trx, customers);
      const scoreOf = (column: string, limits: unknown[]) => sql`(1 + ${sql.join([sql`0`, ...limits.map((limit) => sql`(${sql.ref(column)} > ${limit})::int`)], sql` + `)})::smallint`;
      await sql`set local enable_mergejoin = off`.execute(trx);
      await sql`
        insert into ${sql.id(next)} (workspace_id, person_id, run_id, first_order_on, last_order_on, recency_days, frequency, monetary,
          r_score, f_score, m_score, rfm_segment, repeat_purchases, p_alive, expected_purchases, expected_avg_value, clv, churn_risk)
        with scored as (
          select s.*, ${asOf}::date - s.last_day as recency, s.days - 1 as x,
            ${asOf}::date - s.first_day as t_days,
            (s.last_day - s.first_day) / ${WEEK_DAYS}::float8 as tx_weeks, (${asOf}::date - s.first_day) / ${WEEK_DAYS}::float8 as t_weeks,
            ${scoreOf('s.last_day', thresholds.last_day)} as r_score, ${scoreOf('s.frequency', thresholds.frequency)} as f_score,
            ${scoreOf('s.monetary', thresholds.monetary)} as m_score
          from customer_value_stats s
          -- OFFSET 0 keeps each level a subquery of its own, computed once per row: flattened, the
          -- segment CASE and the CLV columns would repeat the score and P(alive) expressions they name.
          offset 0
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
          from scored left join customer_value_curves c on c.x = scored.x and c.t_days = scored.t_days
          offset 0
        )
        select ${workspaceId}::uuid, person_id, ${runId}::uuid, first_day, last_day, recency, frequency, round(monetary, 2),
          r_score, f_score, m_score, ${sql.raw(rfmSegmentCaseSql('r_score', 'f_score', 'm_score'))}, x,
          p_alive, p_alive * horizon_purchases, round(avg_value::numeric, 2),
          round((p_alive * discounted_purchases * avg_value * ${settings.margin}::float8)::numeric, 2),
          case when p_alive is null or x = 0 then null when p_alive >= 0.7 then 'low' when p_alive >= 0.3 then 'medium' else 'high' end
        from predicted`.execute(trx);
      await sql`set local enable_mergejoin = default`.execute(trx);
      await indexLikeScores(trx, next);
      await sql`analyze ${sql.id(next)}`.execute(trx);

      // The revenue forecast: each month's expected purchases of today's customers times their expected spend.
      const forecast: ScoringOutcome['forecast'] = [];
      if (bgnbd) {
        const weights = (await sql<{ x: number; t_days: number; alive: number; alive_value: number | null }>`
          select repeat_purchases as x, ${asOf}::date - first_order_on as t_days,
            sum(p_alive)::float8 as alive, sum(p_alive * expected_avg_value)::float8 as alive_value
          from ${sql.id(next)} group by 1, 2`.execute(trx)).rows;
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
      await swapScorePartition(trx, workspaceId, partition, next);
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
