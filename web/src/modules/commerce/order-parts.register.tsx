import { IconPackage, IconReceiptRefund, IconShoppingBag } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { registerPersonOverviewBlocks } from '../customers/index.ts';
import { registerRecordTabs } from '../records/index.ts';
import { OrderLinesTab } from './order-lines.tab.tsx';
import { OrderReturnsTab } from './order-returns.tab.tsx';
import { PersonPurchasesBlock } from './person-purchases.block.tsx';
import { PersonPurchasesTab } from './person-purchases.tab.tsx';

/** Adds the order page's lines and returns tabs and the person page's purchases tab and overview block; called once at app start. */
export function registerCommerceTabs(): void {
  registerRecordTabs('order', [
    { key: 'lines', label: (t) => t('orderLines.tab'), icon: <IconPackage size={16} />, Panel: OrderLinesTab },
    { key: 'returns', label: (t) => t('orderReturns.tab'), icon: <IconReceiptRefund size={16} />, Panel: OrderReturnsTab },
  ]);
  // Purchases are orders: a role that may not read them has nothing to see there.
  registerRecordTabs('person', [
    { key: 'purchases', label: (t) => t('personPurchases.tab'), icon: <IconShoppingBag size={16} />, isVisible: (me) => can(me, 'order', 'read'), Panel: PersonPurchasesTab },
  ]);
  registerPersonOverviewBlocks([{ key: 'purchases', column: 'main', order: 10, isVisible: (me) => can(me, 'order', 'read'), Block: PersonPurchasesBlock }]);
}
