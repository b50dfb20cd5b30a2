import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { filterContextFor } from '../../platform/records/records.service.ts';
import { personRecordType } from '../people/index.ts';
import { compileRules } from '../segments/index.ts';
import { requiredBranches, type JourneyDefinition, type JourneyNode } from './journey-graph.schema.ts';
import { JourneyErrors } from './journeys.errors.ts';

const invalid = (field: string, detail: string) =>
  JourneyErrors.JOURNEY_GRAPH_INVALID({ field, detail, errors: [{ field, code: 'JOURNEY_GRAPH_INVALID', message: detail }] });

/**
 * The checks a definition passes before it is stored: one trigger, unique ids, no dangling or
 * duplicate edges, every branch wired, every node reachable from the trigger, split shares summing
 * to 100, send nodes naming a template of their channel and condition rules that compile.
 * Throws JOURNEY_GRAPH_INVALID with the offending field path (graph.nodes.3.template_id).
 */
export async function validateDefinition(db: Db, workspaceId: string, definition: JourneyDefinition): Promise<void> {
  const { nodes, edges } = definition.graph;
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (index.has(node.id)) throw invalid(`graph.nodes.${i}.id`, `Two nodes are called ${node.id}`);
    index.set(node.id, i);
  });
  const triggers = nodes.flatMap((n, i) => (n.type === 'trigger' ? [i] : []));
  if (triggers.length !== 1) throw invalid('graph.nodes', `A journey has exactly one trigger node; this one has ${triggers.length}`);
  const outgoing = new Map<string, Set<string | undefined>>();
  edges.forEach((edge, i) => {
    if (!index.has(edge.from)) throw invalid(`graph.edges.${i}.from`, `There is no node ${edge.from}`);
    if (!index.has(edge.to)) throw invalid(`graph.edges.${i}.to`, `There is no node ${edge.to}`);
    const from = nodes[index.get(edge.from)!]!;
    if (nodes[index.get(edge.to)!]!.type === 'trigger') throw invalid(`graph.edges.${i}.to`, 'Nothing leads back to the trigger');
    if (!requiredBranches(from).includes(edge.branch)) {
      throw invalid(`graph.edges.${i}.branch`, `${edge.from} has no branch ${edge.branch ?? '(none)'}; use ${requiredBranches(from).map((b) => b ?? '(none)').join(', ') || 'nothing: it ends the journey'}`);
    }
    const taken = outgoing.get(edge.from) ?? new Set();
    if (taken.has(edge.branch)) throw invalid(`graph.edges.${i}`, `${edge.from} already has an edge${edge.branch ? ` for ${edge.branch}` : ''}`);
    outgoing.set(edge.from, taken.add(edge.branch));
  });
  for (const [i, node] of nodes.entries()) {
    for (const branch of requiredBranches(node)) {
      if (node.type !== 'trigger' && branch === undefined) continue; // a plain step may be the last one
      if (!outgoing.get(node.id)?.has(branch)) throw invalid(`graph.nodes.${i}`, `${node.id} needs an edge${branch ? ` for its ${branch} branch` : ' to its first step'}`);
    }
    await checkNode(db, workspaceId, node, `graph.nodes.${i}`);
  }
  const reachable = new Set<string>([nodes[triggers[0]!]!.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const edge of edges) {
      if (reachable.has(edge.from) && !reachable.has(edge.to)) grew = Boolean(reachable.add(edge.to));
    }
  }
  nodes.forEach((node, i) => {
    if (!reachable.has(node.id)) throw invalid(`graph.nodes.${i}`, `${node.id} can not be reached from the trigger`);
  });
}

async function checkNode(db: Db, workspaceId: string, node: JourneyNode, path: string): Promise<void> {
  if (node.type === 'split') {
    const total = node.branches.reduce((sum, b) => sum + b.percent, 0);
    if (total !== 100) throw invalid(`${path}.branches`, `The shares add up to ${total}%, not 100%`);
    if (new Set(node.branches.map((b) => b.key)).size !== node.branches.length) throw invalid(`${path}.branches`, 'Two branches share a key');
  }
  if (node.type === 'send') {
    const template = await db.selectFrom('message_template').select('channel')
      .where('workspace_id', '=', workspaceId).where('id', '=', node.template_id).executeTakeFirst();
    if (!template) throw invalid(`${path}.template_id`, 'There is no such template');
    if (node.channel !== 'auto' && template.channel !== node.channel) {
      throw invalid(`${path}.template_id`, `The template is for ${template.channel}, the step sends by ${node.channel}`);
    }
  }
  if (node.type === 'condition') {
    const filtering = await filterContextFor({ db, principal: systemPrincipal(workspaceId) }, personRecordType);
    try {
      compileRules({ workspaceId, filtering }, node.rule);
    } catch (error) {
      if (error instanceof AppError && error.field) throw invalid(`${path}.rule${error.field.slice('rules'.length)}`, error.message);
      throw error;
    }
  }
  if (node.type === 'trigger' && (node.trigger.kind === 'segment' || node.trigger.kind === 'schedule')) {
    const segment = await db.selectFrom('segment').select('id').where('workspace_id', '=', workspaceId).where('id', '=', node.trigger.segment_id).executeTakeFirst();
    if (!segment) throw invalid(`${path}.trigger.segment_id`, 'There is no such segment');
  }
}
