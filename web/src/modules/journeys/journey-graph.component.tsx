import { Badge, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JourneyDefinition, JourneyNode, NodeCounts } from './journeys.types.ts';

const NODE_WIDTH = 210;
const NODE_HEIGHT = 86;
const COLUMN = 240;
const ROW = 130;

interface Placed { node: JourneyNode; x: number; y: number }

/** A layered layout: each node one row below the first node leading to it, rows centred. */
export function layoutGraph(definition: JourneyDefinition): { placed: Map<string, Placed>; width: number; height: number } {
  const { nodes, edges } = definition.graph;
  const depth = new Map<string, number>();
  const order: string[] = [];
  const start = nodes.find((n) => n.type === 'trigger') ?? nodes[0];
  if (start) {
    depth.set(start.id, 0);
    order.push(start.id);
  }
  for (let i = 0; i < order.length; i++) {
    for (const edge of edges.filter((e) => e.from === order[i])) {
      if (depth.has(edge.to)) continue;
      depth.set(edge.to, depth.get(order[i]!)! + 1);
      order.push(edge.to);
    }
  }
  // Unreachable nodes (a graph being edited) go in a last row, so they stay visible.
  const lastRow = Math.max(0, ...depth.values()) + 1;
  for (const node of nodes) {
    if (!depth.has(node.id)) {
      depth.set(node.id, lastRow);
      order.push(node.id);
    }
  }
  const rows = new Map<number, string[]>();
  for (const id of order) rows.set(depth.get(id)!, [...(rows.get(depth.get(id)!) ?? []), id]);
  const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const width = widest * COLUMN;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed = new Map<string, Placed>();
  for (const [row, ids] of rows) {
    const offset = (width - ids.length * COLUMN) / 2;
    ids.forEach((id, i) => placed.set(id, { node: byId.get(id)!, x: offset + i * COLUMN + (COLUMN - NODE_WIDTH) / 2, y: row * ROW + 10 }));
  }
  return { placed, width, height: (Math.max(0, ...rows.keys()) + 1) * ROW };
}

function useSummary() {
  const { t } = useTranslation();
  return (node: JourneyNode): string => {
    switch (node.type) {
      case 'trigger': return node.trigger.kind === 'event' ? node.trigger.event : t(`journeys.triggerKinds.${node.trigger.kind}`);
      case 'wait': return node.wait.mode === 'duration' ? `${node.wait.minutes} min` : `→ ${node.wait.at}`;
      case 'split': return node.branches.map((b) => `${b.key} ${b.percent}%`).join(' · ');
      case 'send': return node.channel;
      case 'update': return node.update.action === 'set_field' ? node.update.field : `${node.update.action === 'add_tag' ? '+' : '−'}${node.update.tag}`;
      case 'task': return node.subject;
      case 'webhook': return node.url;
      default: return '';
    }
  };
}

/** The journey as a node graph: click a node to edit it; live counts sit on each node. */
export function JourneyGraph({ definition, counts, selected, onSelect }: {
  definition: JourneyDefinition; counts: Map<string, NodeCounts>; selected: string | null; onSelect(id: string): void;
}) {
  const { t } = useTranslation();
  const summary = useSummary();
  const { placed, width, height } = layoutGraph(definition);
  return (
    <div style={{ position: 'relative', width, height, margin: '0 auto' }} data-testid="journey-graph">
      <svg width={width} height={height} style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
        {definition.graph.edges.map((edge) => {
          const from = placed.get(edge.from);
          const to = placed.get(edge.to);
          if (!from || !to) return null;
          const x1 = from.x + NODE_WIDTH / 2;
          const y1 = from.y + NODE_HEIGHT;
          const x2 = to.x + NODE_WIDTH / 2;
          const y2 = to.y;
          return (
            <g key={`${edge.from}-${edge.branch ?? ''}-${edge.to}`}>
              <path d={`M ${x1} ${y1} C ${x1} ${(y1 + y2) / 2}, ${x2} ${(y1 + y2) / 2}, ${x2} ${y2}`} fill="none" stroke="var(--mantine-color-gray-5)" strokeWidth={1.5} />
              {edge.branch && <text x={(x1 + x2) / 2 + 4} y={(y1 + y2) / 2} fontSize={11} fill="var(--mantine-color-dimmed)">{edge.branch}</text>}
            </g>
          );
        })}
      </svg>
      {[...placed.values()].map(({ node, x, y }) => {
        const count = counts.get(node.id);
        return (
          <Paper
            key={node.id} withBorder shadow={selected === node.id ? 'md' : 'xs'} p={8} radius="md"
            data-testid="journey-node" data-node-id={node.id}
            onClick={() => onSelect(node.id)}
            style={{
              position: 'absolute', left: x, top: y, width: NODE_WIDTH, height: NODE_HEIGHT, cursor: 'pointer',
              borderColor: selected === node.id ? 'var(--mantine-color-blue-6)' : undefined,
            }}
          >
            <Text size="xs" c="dimmed">{t(`journeys.nodeTypes.${node.type}`)}</Text>
            <Text size="sm" fw={500} truncate>{node.label ?? summary(node)}</Text>
            {count && (
              <Group gap={4} mt={4} data-testid="journey-node-counts">
                <Badge size="xs" variant="light" color="blue">{count.waiting} {t('journeys.counts.waiting')}</Badge>
                <Badge size="xs" variant="light" color="green">{count.passed} {t('journeys.counts.passed')}</Badge>
                <Badge size="xs" variant="light" color="gray">{count.exited} {t('journeys.counts.exited')}</Badge>
              </Group>
            )}
          </Paper>
        );
      })}
    </div>
  );
}
