import type { RapportModule } from '../platform/module.ts';
import { activitiesModule } from './activities/index.ts';
import { commerceModule } from './commerce/index.ts';
import { companiesModule } from './companies/index.ts';
import { consentModule } from './consent/index.ts';
import { dealsModule } from './deals/index.ts';
import { duplicatesModule } from './duplicates/index.ts';
import { exchange1cModule } from './exchange-1c/index.ts';
import { exportsModule } from './exports/index.ts';
import { formsModule } from './forms/index.ts';
import { importsModule } from './imports/index.ts';
import { leadsModule } from './leads/index.ts';
import { peopleModule } from './people/index.ts';
import { productsModule } from './products/index.ts';
import { myDayModule } from './my-day/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { objectsModule } from './objects/index.ts';
import { timelineModule } from './timeline/index.ts';
import { trackingModule } from './tracking/index.ts';
import { analyticsModule } from './analytics/index.ts';
import { campaignsModule } from './campaigns/index.ts';
import { customerValueModule } from './customer-value/index.ts';
import { messagingModule } from './messaging/index.ts';
import { engagementModule } from './engagement/index.ts';
import { segmentsModule } from './segments/index.ts';
import { templatesModule } from './templates/index.ts';
import { journeysModule } from './journeys/index.ts';

/** Every module of the product, in dependency order (migrations and demo seeding follow it). */
export const allModules: RapportModule[] = [
  companiesModule, peopleModule, productsModule, dealsModule, activitiesModule, leadsModule, commerceModule, trackingModule, timelineModule, myDayModule, importsModule, exportsModule, duplicatesModule, objectsModule, notificationsModule, consentModule, formsModule,
  exchange1cModule, customerValueModule, analyticsModule, segmentsModule,
  templatesModule,
  messagingModule,
  engagementModule,
  campaignsModule,
  journeysModule,
];
