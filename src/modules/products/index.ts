import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedProducts } from './products.demo.ts';
import { productRecordType } from './products.records.ts';
import { registerProductRoutes } from './products.routes.ts';

export { productRecordType };
export { pricesFor, PriceListErrors } from './price-lists.service.ts';
export {
  syncCatalogue, syncPrices, findProductExternalIds,
  type CatalogueItem, type CatalogueSyncOutcome, type PriceListSpec, type PriceSpec, type PriceSyncOutcome,
} from './catalogue-sync.service.ts';

/** The catalogue of products and services, and price lists in several currencies. */
export const productsModule: RapportModule = {
  name: 'products',
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  recordTypes: [productRecordType],
  routes: registerProductRoutes,
  seedDemo: seedProducts,
};
