import type { BoardStage, DealBoard } from '../deals/index.ts';
import type { Kpi, KpiKey } from './customer-analytics.api.ts';
import type { ForecastMonthRow, FunnelPipeline, TeamActivityRow } from './sales-analytics.types.ts';

export interface MoneyFigure {
  currency: string;
  amount: number;
}

export interface StageFigures {
  stage: BoardStage;
  deals: number;
  amounts: MoneyFigure[];
  /** Amount × the stage's probability, as the deals forecast counts it. */
  weighted: MoneyFigure[];
}

/** Sums amounts per currency: amounts in different currencies never add up. */
function sumByCurrency(figures: MoneyFigure[]): MoneyFigure[] {
  const sums = new Map<string, number>();
  for (const figure of figures) sums.set(figure.currency, (sums.get(figure.currency) ?? 0) + figure.amount);
  return [...sums.entries()].map(([currency, amount]) => ({ currency, amount }));
}

/** The board's open stages with their deals, amounts and weighted amounts, and the totals over them. */
export function openStageFigures(board: DealBoard): { stages: StageFigures[]; deals: number; amounts: MoneyFigure[]; weighted: MoneyFigure[] } {
  const stages = board.stages.filter((stage) => stage.outcome === 'open').map((stage) => {
    const amounts = stage.totals.map((total) => ({ currency: total.currency, amount: Number(total.amount) }));
    return { stage, deals: stage.count, amounts, weighted: amounts.map((a) => ({ currency: a.currency, amount: (a.amount * stage.probability) / 100 })) };
  });
  return {
    stages,
    deals: stages.reduce((sum, s) => sum + s.deals, 0),
    amounts: sumByCurrency(stages.flatMap((s) => s.amounts)),
    weighted: sumByCurrency(stages.flatMap((s) => s.weighted)),
  };
}

/** This month as 'YYYY-MM' in the reader's calendar. */
export function currentMonth(today = new Date()): string {
  return `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
}

/** The forecast rows from this month on, in the currency most of them are in. */
export function upcomingForecast(months: ForecastMonthRow[], fromMonth: string): { currency: string | null; rows: ForecastMonthRow[] } {
  const upcoming = months.filter((m) => m.month >= fromMonth && m.open_deals > 0);
  const counts = new Map<string, number>();
  for (const row of upcoming) counts.set(row.currency, (counts.get(row.currency) ?? 0) + row.open_deals);
  const currency = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return { currency, rows: upcoming.filter((m) => m.currency === currency) };
}

/** The pipeline a funnel summary shows: the first one (the default) that has deals in the period. */
export function mainFunnel(pipelines: FunnelPipeline[]): FunnelPipeline | undefined {
  return pipelines.find((p) => p.deals > 0);
}

const activities = (row: TeamActivityRow) => (row.calls ?? 0) + (row.meetings ?? 0) + (row.emails ?? 0);

/** The members with the most deals won, then the most calls, meetings and emails; the idle ones are left out. */
export function topMembers(members: TeamActivityRow[], count: number): TeamActivityRow[] {
  return members
    .filter((m) => activities(m) + (m.won_deals ?? 0) > 0)
    .sort((a, b) => (b.won_deals ?? 0) - (a.won_deals ?? 0) || activities(b) - activities(a) || a.name.localeCompare(b.name))
    .slice(0, count);
}

/** The KPIs a marketing overview leads with, in this order. */
export const MARKETING_KPIS: KpiKey[] = ['lead_conversion', 'cac', 'aov', 'repeat_purchase_rate', 'retention_rate'];

export function pickKpis(kpis: Kpi[], keys: KpiKey[]): Kpi[] {
  return keys.flatMap((key) => kpis.filter((kpi) => kpi.key === key));
}
