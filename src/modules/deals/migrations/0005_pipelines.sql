-- Pipelines are workspace data: each has ordered stages with a win probability, a rotting limit
-- and an outcome. A deal's stage is a key of its pipeline's stages.
create table pipeline (
  workspace_id uuid not null references workspace (id),
  id uuid not null,
  name text not null,
  position int not null default 0,
  is_default boolean not null default false,
  -- The reasons offered when a deal is won or lost here; empty means free text.
  won_reasons text[] not null default '{}',
  lost_reasons text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id)
);
-- One default pipeline per workspace: new deals land in it unless told otherwise.
create unique index pipeline_default on pipeline (workspace_id) where is_default;

create table pipeline_stage (
  workspace_id uuid not null,
  pipeline_id uuid not null,
  key text not null,
  label jsonb not null,
  position int not null,
  probability numeric(5, 2) not null check (probability between 0 and 100),
  rotting_days int check (rotting_days > 0),
  outcome text not null check (outcome in ('open', 'won', 'lost')),
  primary key (workspace_id, pipeline_id, key),
  foreign key (workspace_id, pipeline_id) references pipeline (workspace_id, id) on delete cascade
);

alter table deal add column pipeline_id uuid;
alter table deal add column close_reason text;
alter table deal add column closed_at timestamptz;
drop index deal_stage;
create index deal_pipeline_stage on deal (workspace_id, pipeline_id, stage);

-- Existing workspaces get the seed's pipeline (S1:34) with the stages deals used so far; new
-- workspaces get the same one when they first need it (see pipelines.service.ts).
insert into pipeline (workspace_id, id, name, is_default, lost_reasons)
select w.id, gen_random_uuid(), 'Продажи', true,
  array['Дорого', 'Выбрали конкурента', 'Нет бюджета', 'Не отвечает', 'Неактуально']
from workspace w;

insert into pipeline_stage (workspace_id, pipeline_id, key, label, position, probability, rotting_days, outcome)
select p.workspace_id, p.id, s.key, s.label::jsonb, s.position, s.probability, s.rotting_days, s.outcome
from pipeline p, (values
  ('new', '{"en": "New lead", "ru": "Новый лид"}', 0, 10, 7, 'open'),
  ('qualification', '{"en": "Qualification", "ru": "Квалификация"}', 1, 30, 14, 'open'),
  ('negotiation', '{"en": "Negotiation", "ru": "Переговоры"}', 2, 60, 21, 'open'),
  ('won', '{"en": "Won", "ru": "Успешно"}', 3, 100, null, 'won'),
  ('lost', '{"en": "Lost", "ru": "Проиграна"}', 4, 0, null, 'lost')
) as s (key, label, position, probability, rotting_days, outcome);

update deal d set pipeline_id = p.id from pipeline p where p.workspace_id = d.workspace_id and p.is_default;
update deal d set closed_at = d.stage_changed_at where d.stage in ('won', 'lost');

-- Stage moves name the pipeline they happened in, for per-pipeline funnels.
alter table deal_stage_history add column pipeline_id uuid;
update deal_stage_history h set pipeline_id = d.pipeline_id from deal d where d.workspace_id = h.workspace_id and d.id = h.deal_id;
