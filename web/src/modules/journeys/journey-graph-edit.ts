import type { JourneyDefinition, JourneyEdge, JourneyNode, NodeType } from './journeys.types.ts';

export const INSERTABLE: Exclude<NodeType, 'trigger'>[] = ['wait', 'send', 'condition', 'split', 'update', 'task', 'webhook', 'exit'];

function freshId(definition: JourneyDefinition, type: string): string {
  const taken = new Set(definition.graph.nodes.map((n) => n.id));
  let n = 1;
  while (taken.has(`${type}-${n}`)) n++;
  return `${type}-${n}`;
}

function defaults(type: Exclude<NodeType, 'trigger'>, id: string, templateId: string | undefined): JourneyNode {
  switch (type) {
    case 'wait': return { id, type, wait: { mode: 'duration', minutes: 60 } };
    case 'send': return { id, type, channel: 'email', template_id: templateId ?? '' };
    case 'condition': return { id, type, rule: { kind: 'group', match: 'all', rules: [{ kind: 'consent', channel: 'email', purpose: 'marketing', is_contactable: true }] } };
    case 'split': return { id, type, branches: [{ key: 'a', percent: 90 }, { key: 'holdout', percent: 10 }] };
    case 'update': return { id, type, update: { action: 'add_tag', tag: 'journey' } };
    case 'task': return { id, type, subject: 'Связаться с клиентом', due_in_hours: 24 };
    case 'webhook': return { id, type, url: 'https://example.com/hook' };
    case 'exit': return { id, type };
  }
}

/** Whether a step may be put after this node: it has one plain next step, or none yet. */
export const canInsertAfter = (node: JourneyNode) => node.type !== 'exit' && node.type !== 'condition' && node.type !== 'split';

/**
 * Puts a new step of a type right after a node: the node's next step follows the new one (on a
 * condition's `yes` or a split's first branch), and the new step's other branches end in new exits.
 */
export function insertAfter(definition: JourneyDefinition, afterId: string, type: Exclude<NodeType, 'trigger'>, templateId?: string): { definition: JourneyDefinition; id: string } {
  const id = freshId(definition, type);
  const node = defaults(type, id, templateId);
  const outgoing = definition.graph.edges.find((e) => e.from === afterId && e.branch === undefined);
  const edges: JourneyEdge[] = definition.graph.edges.filter((e) => e !== outgoing);
  const nodes: JourneyNode[] = [...definition.graph.nodes, node];
  edges.push({ from: afterId, to: id });
  const branches = node.type === 'condition' ? ['yes', 'no'] : node.type === 'split' ? node.branches.map((b) => b.key) : node.type === 'exit' ? [] : [undefined];
  branches.forEach((branch, i) => {
    if (i === 0 && outgoing) {
      edges.push({ from: id, to: outgoing.to, ...(branch ? { branch } : {}) });
    } else if (branch !== undefined) {
      const exitId = freshId({ ...definition, graph: { nodes, edges } }, 'exit');
      nodes.push({ id: exitId, type: 'exit' });
      edges.push({ from: id, to: exitId, branch });
    }
  });
  return { definition: { ...definition, graph: { nodes, edges } }, id };
}

/** Whether a step can be taken out: not the trigger, and with at most one plain next step. */
export const canRemove = (definition: JourneyDefinition, node: JourneyNode) =>
  node.type !== 'trigger' && definition.graph.edges.filter((e) => e.from === node.id).every((e) => e.branch === undefined);

/** Takes a step out: the edges into it lead to its next step instead (or end there). */
export function removeNode(definition: JourneyDefinition, id: string): JourneyDefinition {
  const next = definition.graph.edges.find((e) => e.from === id)?.to;
  const edges = definition.graph.edges.flatMap((e) => {
    if (e.from === id) return [];
    if (e.to !== id) return [e];
    return next ? [{ ...e, to: next }] : [];
  });
  return { ...definition, graph: { nodes: definition.graph.nodes.filter((n) => n.id !== id), edges } };
}
