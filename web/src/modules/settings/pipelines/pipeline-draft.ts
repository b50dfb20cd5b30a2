import type { Locale } from '../../../i18n/i18n.setup.ts';
import type { DealOutcome, PipelineStage, PipelineStageInput } from '../../deals/index.ts';

/** The server's bounds: a pipeline has 3 to 30 stages; a stage rots after 1 to 3650 days. */
export const MAX_STAGES = 30;
const MIN_STAGES = 3;
export const MAX_ROTTING_DAYS = 3650;

/** A stage being edited: numbers as typed ('' is empty), keyed for React while rows move. */
export interface StageDraft {
  rowKey: number;
  /** The saved stage's key, sent back so its deals stay in it; absent on a new stage. */
  key?: string;
  label: Record<Locale, string>;
  /** The names came from the template (a new pipeline starts with the default one's) and no one has edited them yet. */
  isCopied: boolean;
  probability: number | string;
  /** '' never rots. */
  rotting_days: number | string;
  outcome: DealOutcome;
}

export type StageProblem = 'required' | 'tooFewStages' | 'missingOutcome';

let lastRowKey = 0;

export function stageDrafts(stages: PipelineStage[], { isCopied = false } = {}): StageDraft[] {
  return stages.map((stage) => ({
    rowKey: ++lastRowKey,
    key: stage.key,
    label: { ...stage.label },
    isCopied,
    probability: stage.probability,
    rotting_days: stage.rotting_days ?? '',
    outcome: stage.outcome,
  }));
}

const newStageDraft = (): StageDraft => ({ rowKey: ++lastRowKey, label: { en: '', ru: '' }, isCopied: false, probability: 50, rotting_days: '', outcome: 'open' });

/**
 * The stage named anew in one language. A copied stage's name in the other language named the
 * template's stage, not this one, so it is dropped and the new name stands for both until that
 * language is named too (otherwise «Заявка» would still read "New lead" in English).
 */
export function renameStage(draft: StageDraft, language: Locale, name: string): StageDraft {
  const label = draft.isCopied ? { en: '', ru: '', [language]: name } : { ...draft.label, [language]: name };
  return { ...draft, label, isCopied: false };
}

/** A new open stage goes after the last open one, so the won and lost stages stay at the end. */
export function addStage(drafts: StageDraft[]): StageDraft[] {
  const firstClosed = drafts.findIndex((draft) => draft.outcome !== 'open');
  const at = firstClosed === -1 ? drafts.length : firstClosed;
  return [...drafts.slice(0, at), newStageDraft(), ...drafts.slice(at)];
}

export function moveStage(drafts: StageDraft[], from: number, to: number): StageDraft[] {
  const next = [...drafts];
  const [draft] = next.splice(from, 1);
  next.splice(to, 0, draft);
  return next;
}

/** A won stage is certain and a lost one hopeless; neither rots, as no one works on it any more. */
export function withOutcome(draft: StageDraft, outcome: DealOutcome): StageDraft {
  if (outcome === 'open') return { ...draft, outcome };
  return { ...draft, outcome, probability: outcome === 'won' ? 100 : 0, rotting_days: '' };
}

/** A label typed in one language only is used for the other too: no stage shows up nameless. */
function toStageInput(draft: StageDraft): PipelineStageInput {
  const en = draft.label.en.trim();
  const ru = draft.label.ru.trim();
  return {
    ...(draft.key ? { key: draft.key } : {}),
    label: { en: en || ru, ru: ru || en },
    probability: Number(draft.probability),
    rotting_days: draft.outcome === 'open' && draft.rotting_days !== '' ? Number(draft.rotting_days) : null,
    outcome: draft.outcome,
  };
}

/**
 * The stages to send, or what is wrong with them: keyed `stages` for the list as a whole and
 * `stages.<index>.<field>` for one stage, as the server names them.
 */
export function checkStages(drafts: StageDraft[]): { stages: PipelineStageInput[] } | { problems: Record<string, StageProblem> } {
  const problems: Record<string, StageProblem> = {};
  drafts.forEach((draft, index) => {
    if (!draft.label.en.trim() && !draft.label.ru.trim()) problems[`stages.${index}.label`] = 'required';
    if (draft.probability === '') problems[`stages.${index}.probability`] = 'required';
  });
  if (drafts.length < MIN_STAGES) problems.stages = 'tooFewStages';
  else if (!(['open', 'won', 'lost'] as const).every((outcome) => drafts.some((draft) => draft.outcome === outcome))) problems.stages = 'missingOutcome';
  if (Object.keys(problems).length > 0) return { problems };
  return { stages: drafts.map(toStageInput) };
}

/**
 * The server's field errors, keyed as the editor shows them: a reason's error goes to its list,
 * a stage label's language to the label.
 */
export function pipelineFieldErrors(fieldErrors: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    const key = field.replace(/^(won_reasons|lost_reasons)\.\d+$/, '$1').replace(/^(stages\.\d+\.label)\.(en|ru)$/, '$1');
    result[key] ??= message;
  }
  return result;
}
