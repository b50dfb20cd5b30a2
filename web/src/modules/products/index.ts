export { priceListRoutes } from './products.routes.tsx';
export { registerProductTabs } from './product-tabs.register.tsx';
export { usePriceLists } from './price-lists.api.ts';
export { ProductPicker } from './product-picker.component.tsx';
export { formatPrice, normalizePrice } from './price-format.ts';
export type { PriceList, ProductHit } from './products.types.ts';
