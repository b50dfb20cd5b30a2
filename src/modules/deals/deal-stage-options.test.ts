import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callOk, createTestApp, createTestWorkspace, type TestApp } from '../../testing/test-app.ts';

type Label = { en: string; ru: string };
type StageField = {
  options: string[];
  option_labels: Record<string, Label>;
  depends_on: { field: string; options: Record<string, { value: string; label: Label }[]> };
};

describe('deal stage options follow the pipeline', () => {
  let app: TestApp;
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => callOk(app, ws.actors.admin.headers, method, url, payload);

  before(async () => {
    app = await createTestApp();
    ws = await createTestWorkspace(app, 'deal-stage-options');
  });
  after(() => app.close());

  const stageField = async (): Promise<StageField> => {
    const types = (await call('GET', '/api/v1/object-types')).data as { type: string; fields: (StageField & { name: string })[] }[];
    return types.find((t) => t.type === 'deal')!.fields.find((f) => f.name === 'stage')!;
  };

  test('each pipeline offers its own stages under its id, and the default pipeline’s also under the empty value', async () => {
    const { data: [standard] } = await call('GET', '/api/v1/pipelines');
    const renamed = await call('POST', '/api/v1/pipelines', {
      name: 'Inbound',
      stages: [
        { key: 'new', label: { en: 'Application', ru: 'Заявка' }, probability: 20 },
        { key: 'pilot', label: { en: 'Pilot', ru: 'Пилот' }, probability: 50 },
        { key: 'won', label: { en: 'Won', ru: 'Выиграна' }, probability: 100, outcome: 'won' },
        { key: 'lost', label: { en: 'Lost', ru: 'Проиграна' }, probability: 0, outcome: 'lost' },
      ],
    });

    const field = await stageField();
    assert.equal(field.depends_on.field, 'pipeline_id');
    const names = (pipelineId: string) => field.depends_on.options[pipelineId]!.map((o) => `${o.value}:${o.label.ru}`);
    assert.deepEqual(names(renamed.id), ['new:Заявка', 'pilot:Пилот', 'won:Выиграна', 'lost:Проиграна']);
    assert.deepEqual(names(standard.id), standard.stages.map((s: { key: string; label: Label }) => `${s.key}:${s.label.ru}`));
    assert.deepEqual(field.depends_on.options[''], field.depends_on.options[standard.id]);
  });

  test('filters get the union of the stages, a key named differently in several pipelines showing each name', async () => {
    const field = await stageField();
    assert.deepEqual(field.options, ['new', 'qualification', 'negotiation', 'won', 'lost', 'pilot']);
    assert.deepEqual(field.option_labels.new, { en: 'New lead / Application', ru: 'Новый лид / Заявка' });
    assert.deepEqual(field.option_labels.pilot, { en: 'Pilot', ru: 'Пилот' });
  });

  test('the server still checks a deal’s stage against its own pipeline', async () => {
    const inbound = (await call('GET', '/api/v1/pipelines')).data.find((p: { name: string }) => p.name === 'Inbound');
    const deal = await call('POST', '/api/v1/deals', { title: 'Inbound deal', pipeline_id: inbound.id, stage: 'pilot' });
    assert.equal(deal.stage, 'pilot');
    const res = await app.http.inject({ method: 'PATCH', url: `/api/v1/deals/${deal.id}`, headers: ws.actors.admin.headers, payload: { stage: 'negotiation' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, 'stage');
  });
});
