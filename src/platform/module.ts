import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { EventSubscription } from './events/events.ts';
import type { ApiApp } from './http/server.ts';
import type { JobDefinition, JobQueue } from './jobs/jobs.ts';
import type { Mailer } from './mail/mailer.ts';
import type { PersonalDataHook } from './privacy/personal-data.ts';
import type { RecordRegistry, WorkspaceTypeSource } from './records/records.routes.ts';
import type { RecordTypeDef } from './records/record-type.ts';

export interface ModuleContext {
  config: Config;
  db: Db;
  jobs: JobQueue;
  records: RecordRegistry;
  log: Logger;
  mailer: Mailer;
}

export interface DemoSeedContext {
  db: Db;
  workspaceId: string;
  /** Demo users by role key: admin, manager, operator. */
  users: Record<string, string>;
  /** Ids the modules seeded before this one, by record type, so later modules can link to them. */
  seeded: Map<string, string[]>;
}

/**
 * A module's manifest: its only public face to the platform. The platform composes modules
 * without knowing them; adding a module never means editing platform code.
 */
export interface RapportModule {
  name: string;
  /** Folder of forward-only NNNN_what.sql migrations owned by this module. */
  migrationsDir?: string;
  recordTypes?: RecordTypeDef[];
  /** Record types each workspace defines for itself (custom objects), looked up per workspace. */
  workspaceRecordTypes?: WorkspaceTypeSource;
  routes?(app: ApiApp, ctx: ModuleContext): void;
  eventHandlers?: EventSubscription[];
  jobs?: JobDefinition<never>[];
  seedDemo?(ctx: DemoSeedContext): Promise<void>;
  /** What the module stores about people, and how it exports and erases it (docs/privacy.md). */
  personalData?: PersonalDataHook;
}
