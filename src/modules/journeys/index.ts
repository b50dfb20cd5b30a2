import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { ADVANCE_JOB, advanceEnrollment, handleJourneyEvent, journeyQueue, runTimedTriggers, wakeDueEnrollments, WAKE_JOB, type AdvanceData } from './journey-engine.ts';
import { seedJourneys } from './journeys.demo.ts';
import { journeysPersonalData } from './journeys.personal-data.ts';
import { registerJourneyRoutes } from './journeys.routes.ts';

export { journeyDefinitionSchema, type JourneyDefinition } from './journey-graph.schema.ts';
export { ADVANCE_JOB, WAKE_JOB, wakeDueEnrollments };

/**
 * Trigger journeys: a node graph per journey, published as immutable versions, and one durable
 * state machine per person in it, moved by jobs (docs/journeys.md).
 */
export const journeysModule: RapportModule = {
  name: 'journeys',
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  personalData: journeysPersonalData,
  routes: registerJourneyRoutes,
  seedDemo: seedJourneys,
  eventHandlers: [{
    // Triggers and goals: any event may start a journey or reach a goal; the handler looks up only live versions.
    handler: 'journeys.triggers',
    events: ['*'],
    handle: async (event, { db }) => {
      if (event.name.startsWith('journey.')) return;
      await handleJourneyEvent(db, journeyQueue(db), event);
    },
  }],
  jobs: [
    {
      name: ADVANCE_JOB,
      retryLimit: 5,
      retryDelaySeconds: 5,
      retryBackoff: true,
      batchSize: 50,
      handle: async (data: AdvanceData, { db, config, log, records, isFinalAttempt }) =>
        advanceEnrollment({ db, jobs: journeyQueue(config), log, records }, data, { isFinal: isFinalAttempt }),
    },
    {
      // Every minute: waits that are over move on; date and schedule triggers whose time has come enroll their people.
      name: WAKE_JOB,
      cron: '* * * * *',
      retryLimit: 1,
      handle: async (_data, { db, config, log }) => {
        const jobs = journeyQueue(config);
        const woken = await wakeDueEnrollments(db, jobs);
        const enrolled = await runTimedTriggers(db, jobs);
        if (woken + enrolled > 0) log.info({ woken, enrolled }, 'journeys woken');
      },
    },
  ] as RapportModule['jobs'],
};
