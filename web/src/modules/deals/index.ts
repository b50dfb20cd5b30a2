export { dealRoutes } from './deals.routes.tsx';
export { DealListSwitchLayout } from './deal-view-switch.component.tsx';
export { usePipelines, useCreatePipeline, useUpdatePipeline, useDeletePipeline } from './pipelines.api.ts';
export { describePipelineError } from './pipeline-errors.ts';
export { canConfigurePipelines } from './pipeline-permissions.ts';
export type { BoardStage, DealBoard, DealOutcome, Pipeline, PipelineInput, PipelineStage, PipelineStageInput } from './deals.types.ts';
export { registerDealTabs } from './deal-parts.register.tsx';
export { useDealBoard } from './deals.api.ts';
