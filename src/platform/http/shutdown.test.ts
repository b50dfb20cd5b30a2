import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RapportModule } from '../module.ts';
import { allModules } from '../../modules/index.ts';
import { createTestApp } from '../../testing/test-app.ts';

function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fire, fired };
}

describe('graceful shutdown', () => {
  test('closing finishes in-flight requests and jobs, then refuses new work', async () => {
    const requestStarted = signal();
    const jobStarted = signal();
    let isJobFinished = false;
    const slowModule: RapportModule = {
      name: 'slow',
      routes: (app) => {
        app.get('/api/v1/slow', { config: { auth: 'public' }, schema: { hide: true } }, async () => {
          requestStarted.fire();
          await new Promise((r) => setTimeout(r, 400));
          return { done: true };
        });
      },
      jobs: [{
        name: 'slow.job',
        handle: async () => {
          jobStarted.fire();
          await new Promise((r) => setTimeout(r, 400));
          isJobFinished = true;
        },
      }] as never[],
    };
    const app = await createTestApp({ modules: [...allModules, slowModule] });
    const url = await app.http.listen({ port: 0, host: '127.0.0.1' });

    await app.jobs.enqueue('slow.job', {});
    await jobStarted.fired;
    const inFlight = fetch(`${url}/api/v1/slow`);
    await requestStarted.fired;
    const closing = app.close();

    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { done: true });
    await closing;
    assert.equal(isJobFinished, true, 'the running job completed before close resolved');
    await assert.rejects(fetch(`${url}/healthz`), 'no new connections after close');
  });
});
