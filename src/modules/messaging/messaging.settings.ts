import { authorizeConfiguration, authorize } from '../../platform/auth/permissions.ts';
import { diffFields, writeAudit } from '../../platform/audit/audit.service.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { sha256 } from '../../platform/ids.ts';
import { SMS_RATE_PER_SECOND, TELEGRAM_RATE_PER_SECOND, type SettingsInput, type SettingsView } from './messaging.schemas.ts';
import './messaging.tables.ts';

type StoredSettings = Omit<SettingsView, 'email' | 'sms' | 'telegram'> & {
  email: Omit<SettingsView['email'], 'has_dkim_key'>;
  sms: Omit<SettingsView['sms'], 'has_token' | 'has_report_secret'>;
  telegram: Omit<SettingsView['telegram'], 'has_bot_token' | 'has_webhook_secret'>;
};

export const DEFAULT_SETTINGS: StoredSettings = {
  quiet_hours: { start: '21:00', end: '09:00' },
  frequency_cap: { max_messages: 3, period_days: 7 },
  fallback_order: ['email', 'telegram', 'sms'],
  email: { from: null, unsubscribe_mailto: null, max_connections: 5, rate_per_second: 50, dkim_domain: null, dkim_selector: null },
  sms: { provider_url: null, sender: null, rate_per_second: SMS_RATE_PER_SECOND },
  telegram: { bot_username: null, api_base_url: 'https://api.telegram.org', rate_per_second: TELEGRAM_RATE_PER_SECOND },
};

/** The settings with their secrets, for the sending code only. */
export interface MessagingSettings extends StoredSettings {
  secrets: { dkimPrivateKey: string | null; smsToken: string | null; telegramBotToken: string | null };
  hasSmsReportSecret: boolean;
  hasTelegramWebhookSecret: boolean;
}

export async function loadSettings(db: Db, workspaceId: string): Promise<MessagingSettings> {
  const row = await db.selectFrom('messaging_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  const stored = (row?.settings ?? {}) as Partial<StoredSettings>;
  return {
    ...DEFAULT_SETTINGS, ...stored,
    email: { ...DEFAULT_SETTINGS.email, ...stored.email },
    sms: { ...DEFAULT_SETTINGS.sms, ...stored.sms },
    telegram: { ...DEFAULT_SETTINGS.telegram, ...stored.telegram },
    secrets: { dkimPrivateKey: row?.smtp_dkim_private_key ?? null, smsToken: row?.sms_token ?? null, telegramBotToken: row?.telegram_bot_token ?? null },
    hasSmsReportSecret: !!row?.sms_report_secret_hash,
    hasTelegramWebhookSecret: !!row?.telegram_webhook_secret_hash,
  };
}

function view(settings: MessagingSettings): SettingsView {
  const { secrets, hasSmsReportSecret, hasTelegramWebhookSecret, ...stored } = settings;
  return {
    ...stored,
    email: { ...stored.email, has_dkim_key: !!secrets.dkimPrivateKey },
    sms: { ...stored.sms, has_token: !!secrets.smsToken, has_report_secret: hasSmsReportSecret },
    telegram: { ...stored.telegram, has_bot_token: !!secrets.telegramBotToken, has_webhook_secret: hasTelegramWebhookSecret },
  };
}

/** Whoever may read messages may see how they are sent; secrets show only as set or not. */
export async function getSettings(ctx: ServiceContext): Promise<SettingsView> {
  authorize(ctx.principal, 'message', 'read');
  return view(await loadSettings(ctx.db, ctx.principal.workspaceId));
}

/** A secret left out keeps its value, null removes it, a string replaces it. */
const nextSecret = (given: string | null | undefined, current: string | null, transform = (v: string) => v) =>
  given === undefined ? current : given === null ? null : transform(given);

/** Administrators change the sending settings; the audit entry says which fields, never a secret's value. */
export async function updateSettings(ctx: ServiceContext, input: SettingsInput): Promise<SettingsView> {
  authorizeConfiguration(ctx.principal, 'workspace', 'messaging');
  const workspaceId = ctx.principal.workspaceId;
  return inTransaction(ctx, async (tx, txCtx) => {
    const before = await loadSettings(tx, workspaceId);
    const row = await tx.selectFrom('messaging_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
    const { dkim_private_key: dkimKey, ...email } = input.email;
    const { token: smsToken, report_secret: reportSecret, ...sms } = input.sms;
    const { bot_token: botToken, webhook_secret: webhookSecret, ...telegram } = input.telegram;
    const stored: StoredSettings = { quiet_hours: input.quiet_hours, frequency_cap: input.frequency_cap, fallback_order: input.fallback_order, email, sms, telegram };
    const values = {
      settings: JSON.stringify(stored),
      smtp_dkim_private_key: nextSecret(dkimKey, row?.smtp_dkim_private_key ?? null),
      sms_token: nextSecret(smsToken, row?.sms_token ?? null),
      telegram_bot_token: nextSecret(botToken, row?.telegram_bot_token ?? null),
      sms_report_secret_hash: nextSecret(reportSecret, row?.sms_report_secret_hash ?? null, sha256),
      telegram_webhook_secret_hash: nextSecret(webhookSecret, row?.telegram_webhook_secret_hash ?? null, sha256),
      updated_at: new Date(),
    };
    if (row) await tx.updateTable('messaging_settings').set(values).where('workspace_id', '=', workspaceId).execute();
    else await tx.insertInto('messaging_settings').values({ workspace_id: workspaceId, ...values }).execute();
    const after = await loadSettings(tx, workspaceId);
    const flat = (s: MessagingSettings) => {
      const v = view(s);
      return { quiet_hours: v.quiet_hours, frequency_cap: v.frequency_cap, fallback_order: v.fallback_order, email: v.email, sms: v.sms, telegram: v.telegram };
    };
    const secretsChanged = {
      dkim_private_key: dkimKey !== undefined, sms_token: smsToken !== undefined, sms_report_secret: reportSecret !== undefined,
      telegram_bot_token: botToken !== undefined, telegram_webhook_secret: webhookSecret !== undefined,
    };
    const changes = diffFields(flat(before), flat(after), ['quiet_hours', 'frequency_cap', 'fallback_order', 'email', 'sms', 'telegram']);
    for (const [name, isChanged] of Object.entries(secretsChanged)) if (isChanged) changes[name] = { before: '[secret]', after: '[secret]' };
    await writeAudit(tx, txCtx, { entityType: 'messaging_settings', entityId: null, action: 'update', changes });
    return view(after);
  });
}

/** The workspace whose webhook secret this is, or null. */
export async function workspaceBySecret(db: Db, kind: 'sms' | 'telegram', secret: string): Promise<string | null> {
  const column = kind === 'sms' ? 'sms_report_secret_hash' : 'telegram_webhook_secret_hash';
  const row = await db.selectFrom('messaging_settings').select('workspace_id').where(column, '=', sha256(secret)).executeTakeFirst();
  return row?.workspace_id ?? null;
}
