import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { expectedPurchases, fitBgNbd, probabilityAlive } from '../modules/customer-value/models/bg-nbd.ts';
import { expectedAverageValue, fitGammaGamma } from '../modules/customer-value/models/gamma-gamma.ts';
import { HOLDOUT_BUCKETS, holdoutReport } from '../modules/customer-value/models/holdout.ts';
import { dayNumber, groupRepeatHistories, RepeatHistoryCollector, spendHistories, TIME_UNIT_DAYS, type TimeUnit } from '../modules/customer-value/models/repeat-histories.ts';
import { expectedLifetime, fitSbg, survival, validateSurvivors } from '../modules/customer-value/models/shifted-beta-geometric.ts';

export interface ClvFitOptions {
  transactions: string;
  calibrationEnd: string;
  timeUnit: TimeUnit;
  predictions?: string;
  horizon?: number;
  isJson: boolean;
}

const round = (value: number, digits = 6) => Number(value.toPrecision(digits + 1));

/** Reads `customer_id,date,amount` rows, streaming, into per-customer purchase days. */
async function collectTransactions(file: string): Promise<RepeatHistoryCollector> {
  const collector = new RepeatHistoryCollector();
  const source = fs.createReadStream(file);
  const parser = parse({ columns: true, bom: true, trim: true, skip_empty_lines: true });
  let line = 1;
  await pipeline(file.endsWith('.gz') ? source.pipe(zlib.createGunzip()) : source, parser, async (rows: AsyncIterable<Record<string, string>>) => {
    for await (const row of rows) {
      line++;
      if (line === 2) {
        const missing = ['customer_id', 'date', 'amount'].filter((column) => !(column in row));
        if (missing.length > 0) throw new Error(`${file}: the header must be customer_id,date,amount (missing ${missing.join(', ')})`);
      }
      const day = dayNumber(row.date!.slice(0, 10));
      const amount = Number(row.amount!.replace(',', '.'));
      if (!row.customer_id) throw new Error(`${file}, line ${line}: customer_id is empty`);
      if (day === null) throw new Error(`${file}, line ${line}: date "${row.date}" is not an ISO date (YYYY-MM-DD)`);
      if (!Number.isFinite(amount)) throw new Error(`${file}, line ${line}: amount "${row.amount}" is not a number`);
      collector.add(row.customer_id, day, amount);
    }
  });
  return collector;
}

/**
 * `rapport clv fit`: BG/NBD and Gamma-Gamma fitted to a transactions file with the paper's
 * conventions; the last line of stdout is the JSON the contract names.
 */
export async function clvFitFromCli(options: ClvFitOptions): Promise<void> {
  const calibrationEnd = dayNumber(options.calibrationEnd);
  if (calibrationEnd === null) throw new Error(`--calibration-end "${options.calibrationEnd}" is not a date (YYYY-MM-DD)`);
  if (!(options.timeUnit in TIME_UNIT_DAYS)) throw new Error(`--time-unit must be one of ${Object.keys(TIME_UNIT_DAYS).join(', ')}`);
  const horizon = options.horizon ?? 52;
  if (!(horizon > 0)) throw new Error('--horizon must be a positive number of time units');
  const collector = await collectTransactions(options.transactions);
  const customers = [...collector.customers(calibrationEnd, options.timeUnit)];
  if (customers.length === 0) throw new Error(`no customer made a first purchase on or before ${options.calibrationEnd}`);

  const bgnbd = fitBgNbd(groupRepeatHistories(customers));
  const gammagamma = fitGammaGamma(spendHistories(customers));
  const lastDay = collector.lastDay()!;
  const holdoutLength = (lastDay - calibrationEnd) / TIME_UNIT_DAYS[options.timeUnit];

  if (options.predictions) {
    const out = stringify({ header: true, columns: ['customer_id', 'x', 't_x', 'T', 'p_alive', 'expected_purchases', 'expected_avg_value'] });
    const written = pipeline(out, fs.createWriteStream(options.predictions));
    for (const c of customers) {
      const row = [c.customerId, c.x, round(c.tx), round(c.T), round(probabilityAlive(bgnbd.params, c)), round(expectedPurchases(bgnbd.params, c, horizon)), round(expectedAverageValue(gammagamma.params, c.x, c.meanRepeatValue))];
      if (!out.write(row)) await new Promise((resolve) => out.once('drain', resolve));
    }
    out.end();
    await written;
  }

  const result = {
    customers: customers.length,
    bgnbd: { ...bgnbd.params, ll: bgnbd.ll },
    gammagamma: { ...gammagamma.params, ll: gammagamma.ll },
    standard_errors: { bgnbd: bgnbd.standardErrors, gammagamma: gammagamma.standardErrors },
    spend_customers: gammagamma.customers,
    holdout: holdoutLength > 0 ? { length: round(holdoutLength), open_ended_from: HOLDOUT_BUCKETS - 1, by_frequency: holdoutReport(bgnbd.params, customers, holdoutLength) } : null,
  };
  if (!options.isJson) {
    const { r, alpha, a, b } = bgnbd.params;
    const { p, q, gamma } = gammagamma.params;
    console.log(`${customers.length} customers; time unit: ${options.timeUnit}`);
    console.log(`BG/NBD       r=${r.toFixed(4)} alpha=${alpha.toFixed(4)} a=${a.toFixed(4)} b=${b.toFixed(4)}  LL=${bgnbd.ll.toFixed(2)}`);
    console.log(`Gamma-Gamma  p=${p.toFixed(4)} q=${q.toFixed(4)} gamma=${gamma.toFixed(4)}  LL=${gammagamma.ll.toFixed(2)} (${gammagamma.customers} customers with repeats)`);
    if (options.predictions) console.log(`Predictions for the next ${horizon} ${options.timeUnit}s: ${options.predictions}`);
  }
  console.log(JSON.stringify(result));
}

/** `rapport retention fit`: the shifted-beta-geometric model from a cohort's survivor counts. */
export function retentionFitFromCli(options: { survivors: string; horizon?: number; discountRate?: number; isJson: boolean }): void {
  const survivors = options.survivors.split(',').map((s) => Number(s.trim()));
  const problem = validateSurvivors(survivors);
  if (problem) throw new Error(`--survivors: ${problem}`);
  const fit = fitSbg(survivors);
  const horizon = options.horizon ?? Math.max(12, survivors.length - 1);
  const projected = survival(fit.params, horizon).map((s) => round(s * survivors[0]!, 4));
  const result = {
    alpha: fit.params.alpha,
    beta: fit.params.beta,
    ll: fit.ll,
    standard_errors: fit.standardErrors,
    projected_survivors: projected,
    expected_lifetime: Number.isFinite(expectedLifetime(fit.params)) ? expectedLifetime(fit.params) : null,
    discounted_expected_lifetime: options.discountRate ? expectedLifetime(fit.params, options.discountRate) : null,
  };
  if (!options.isJson) {
    console.log(`sBG  alpha=${fit.params.alpha.toFixed(4)} beta=${fit.params.beta.toFixed(4)}  LL=${fit.ll.toFixed(2)}`);
    console.log(`projected survivors (periods 0–${horizon}): ${projected.join(', ')}`);
  }
  console.log(JSON.stringify(result));
}
