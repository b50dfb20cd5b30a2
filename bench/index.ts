import { apiCrudScenario } from './api-crud.bench.ts';
import { campaignSendScenario } from './campaign-send.bench.ts';
import { importOrdersScenario } from './import-orders.bench.ts';
import { ingestEventsScenario } from './ingest-events.bench.ts';
import { importPeopleScenario } from './import-people.bench.ts';
import { exportPeopleScenario, listSearchScenario } from './read-people.bench.ts';
import { scoreCustomersScenario } from './score-customers.bench.ts';
import { segmentEvalScenario } from './segment-eval.bench.ts';
import type { BenchOptions, BenchScenario } from './harness.ts';
import { printFigures } from './harness.ts';

const SCENARIOS: Record<string, BenchScenario> = {
  'api-crud': apiCrudScenario,
  'import-people': importPeopleScenario,
  'import-orders': importOrdersScenario,
  'ingest-events': ingestEventsScenario,
  'list-search': listSearchScenario,
  'export-people': exportPeopleScenario,
  'score-customers': scoreCustomersScenario,
  'segment-eval': segmentEvalScenario,
  'campaign-send': campaignSendScenario,
};

/** Runs one scenario and prints a table; with --json the last stdout line is one JSON object. */
export async function runBench(options: Omit<BenchOptions, 'scale'> & { scale?: number }): Promise<void> {
  const scenario = SCENARIOS[options.scenario];
  if (!scenario) throw new Error(`Unknown scenario "${options.scenario}". Known: ${Object.keys(SCENARIOS).join(', ')}`);
  if (options.db === 'postgres' && !process.env.DATABASE_URL) throw new Error('--db postgres needs DATABASE_URL');
  const figures = await scenario.run({ ...options, scale: options.scale ?? scenario.defaultScale });
  printFigures({ scenario: options.scenario, db: options.db, ...figures }, options.isJson);
}
