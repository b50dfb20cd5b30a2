import { registerPersonOverviewBlocks } from '../customers/index.ts';
import { PersonCartBlock } from './person-cart.block.tsx';
import { PersonEngagementBlock } from './person-engagement.block.tsx';
import { PersonEventsBlock } from './person-events.block.tsx';

/** Adds the person overview's engagement, open cart and last events; called once at app start. */
export function registerTrackingParts(): void {
  // The server shows a person's events and cart to whoever may read the person.
  registerPersonOverviewBlocks([
    { key: 'engagement', column: 'side', order: 0, Block: PersonEngagementBlock },
    { key: 'cart', column: 'side', order: 10, Block: PersonCartBlock },
    { key: 'events', column: 'main', order: 20, Block: PersonEventsBlock },
  ]);
}
