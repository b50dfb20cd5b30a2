import { IconTags } from '@tabler/icons-react';
import { registerRecordTabs } from '../records/index.ts';
import { ProductPricesTab } from './product-prices.tab.tsx';

/** Adds the product page's prices tab; called once at app start. */
export function registerProductTabs(): void {
  registerRecordTabs('product', [
    {
      key: 'prices',
      label: (t) => t('productPrices.tab'),
      icon: <IconTags size={16} />,
      Panel: ProductPricesTab,
    },
  ]);
}
