import path from 'node:path';
import { z } from 'zod';

// The one place that reads process.env. Everything else receives a frozen Config.
const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default('0.0.0.0'),
  dataDir: z.string().default('./data'),
  databaseUrl: z.string().url().optional(),
  isDemoEnabled: z.boolean().default(true),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  sessionTtlHours: z.coerce.number().positive().default(24 * 14),
  bodyLimitBytes: z.coerce.number().int().positive().default(1024 * 1024),
  loginRateLimitPerMinute: z.coerce.number().int().positive().default(10),
  isWorkerInProcess: z.boolean().default(true),
  isSecureCookie: z.boolean().default(false),
  webDistDir: z.string().default(path.resolve(import.meta.dirname, '../../web/dist')),
  /** Where people reach this server from outside: links in emails (confirmation, unsubscribe) start with it. */
  publicUrl: z.string().url().default('http://localhost:3000'),
  /** No SMTP host: mail is not sent but logged (development). */
  smtpHost: z.string().optional(),
  smtpPort: z.coerce.number().int().min(1).max(65535).default(587),
  isSmtpSecure: z.boolean().default(false),
  smtpUser: z.string().optional(),
  smtpPassword: z.string().optional(),
  mailFrom: z.string().min(3).default('Rapport <no-reply@localhost>'),
  /** Signs links in emails; without it each workspace gets a random key kept in the database. */
  linkSecret: z.string().min(32).optional(),
});

export type Config = Readonly<z.infer<typeof configSchema>>;
export type ConfigOverrides = Partial<z.input<typeof configSchema>>;

function parseFlag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/** Reads the environment once; explicit overrides (CLI flags, tests) win over env. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const fromEnv = {
    port: env.PORT,
    host: env.HOST,
    dataDir: env.RAPPORT_DATA_DIR,
    databaseUrl: env.DATABASE_URL || undefined,
    isDemoEnabled: parseFlag(env.RAPPORT_NO_DEMO) === true ? false : undefined,
    logLevel: env.LOG_LEVEL,
    sessionTtlHours: env.RAPPORT_SESSION_TTL_HOURS,
    bodyLimitBytes: env.RAPPORT_BODY_LIMIT_BYTES,
    loginRateLimitPerMinute: env.RAPPORT_LOGIN_RATE_LIMIT,
    isWorkerInProcess: parseFlag(env.RAPPORT_IN_PROCESS_WORKER),
    isSecureCookie: parseFlag(env.RAPPORT_SECURE_COOKIE),
    webDistDir: env.RAPPORT_WEB_DIST,
    publicUrl: env.RAPPORT_PUBLIC_URL || undefined,
    smtpHost: env.RAPPORT_SMTP_HOST || undefined,
    smtpPort: env.RAPPORT_SMTP_PORT || undefined,
    isSmtpSecure: parseFlag(env.RAPPORT_SMTP_SECURE),
    smtpUser: env.RAPPORT_SMTP_USER || undefined,
    smtpPassword: env.RAPPORT_SMTP_PASSWORD || undefined,
    mailFrom: env.RAPPORT_MAIL_FROM || undefined,
    linkSecret: env.RAPPORT_LINK_SECRET || undefined,
  };
  const defined = Object.fromEntries(
    Object.entries({ ...fromEnv, ...overrides }).filter(([, v]) => v !== undefined),
  );
  const parsed = configSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return Object.freeze(parsed.data);
}
