import type { ComponentType } from 'react';
import type { Me } from '../auth/auth.types.ts';
import type { RecordData } from '../records/index.ts';

export interface PersonOverviewBlockProps {
  person: RecordData;
}

/** A block another module adds to a person's overview (their purchases, consents, site activity). */
export interface PersonOverviewBlock {
  key: string;
  /** The wide column holds lists; the narrow one short states. */
  column: 'main' | 'side';
  /** Lower comes first within its column. */
  order: number;
  /** Left out: always shown. A role that may not read what the block shows should not see it. */
  isVisible?: (me: Me) => boolean;
  Block: ComponentType<PersonOverviewBlockProps>;
}

const blocks = new Map<string, PersonOverviewBlock>();

/** Called once at app start; a key registered again replaces its block, so a hot reload does not show it twice. */
export function registerPersonOverviewBlocks(added: PersonOverviewBlock[]): void {
  for (const block of added) blocks.set(block.key, block);
}

/** The blocks of one column the reader may see, in order. */
export function personOverviewBlocksFor(me: Me, column: PersonOverviewBlock['column']): PersonOverviewBlock[] {
  return [...blocks.values()]
    .filter((block) => block.column === column && (block.isVisible?.(me) ?? true))
    .sort((a, b) => a.order - b.order);
}
