import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { migrationSources } from '../src/app.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { runMigrations } from '../src/platform/db/migrator.ts';
import '../src/platform/db/platform-tables.ts';
import { systemPrincipal } from '../src/platform/auth/permissions.ts';
import { createApiKey, createWorkspace } from '../src/platform/auth/workspace.service.ts';
import { allModules } from '../src/modules/index.ts';
import { freePort } from '../src/testing/wait.ts';
import { seedPeopleInSql } from './people-data.ts';
import { apiClient, provisionBenchDatabase, round, startServerProcess, type BenchScenario } from './harness.ts';

/** The process is killed once this share of the audience has arrived at the sink. */
const KILL_AT_SHARE = 0.5;
/** After the restart, the run ends when the sink has seen nothing new for this long: longer than a dead job's expiry (120 s). */
const QUIET_SECONDS = 200;
/** SMTP connections and the pace allowed to the server, as an administrator would set them for a bulk relay. */
const SMTP_CONNECTIONS = 8;
const SMTP_RATE_PER_SECOND = 10_000;
/** The raw baseline sends this many mails (or the audience, when smaller). */
const BASELINE_MESSAGES = 20_000;

const TEMPLATE = `<mjml><mj-body><mj-section><mj-column>
  <mj-text font-size="20px">{{ person.first_name | default: "Здравствуйте" }}, скидка для вас</mj-text>
  <mj-text>До конца недели — 15% на всё. {{ person.city | default: "" }}</mj-text>
  <mj-button href="https://shop.example/sale">Выбрать</mj-button>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * A loopback SMTP server that only counts: who each mail was for and its Rapport message id, read
 * from the headers. Parsing whole mails would make the sink, not the product, the bottleneck.
 */
async function startCountingSink() {
  const perRecipient = new Map<string, number>();
  const perMessageId = new Map<string, number>();
  // The first message id each recipient got: a second, different one would be a second message, not a repeat.
  const firstIdOf = new Map<string, string>();
  let secondMessages = 0;
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => { if (head.length < 8192) head += chunk.toString('latin1'); });
      stream.on('end', () => {
        received += 1;
        const id = /^X-Rapport-Message-Id:\s*(\S+)/im.exec(head)?.[1];
        if (id) perMessageId.set(id, (perMessageId.get(id) ?? 0) + 1);
        for (const { address } of session.envelope.rcptTo) {
          perRecipient.set(address, (perRecipient.get(address) ?? 0) + 1);
          const first = firstIdOf.get(address);
          if (first === undefined && id) firstIdOf.set(address, id);
          else if (first !== id) secondMessages += 1;
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => received,
    recipients: () => perRecipient.size,
    reset: () => { received = 0; secondMessages = 0; perRecipient.clear(); perMessageId.clear(); firstIdOf.clear(); },
    secondMessages: () => secondMessages,
    duplicates: () => [...perRecipient.values()].reduce((sum, n) => sum + n - 1, 0),
    duplicateMessageIds: () => [...perMessageId.values()].reduce((sum, n) => sum + n - 1, 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The raw baseline: the same kind of mail straight through a pooled nodemailer transport, no database, no rules. */
async function rawSmtpRate(port: number, count: number): Promise<number> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, pool: true, maxConnections: SMTP_CONNECTIONS, maxMessages: Infinity });
  const started = performance.now();
  const html = TEMPLATE.replace(/<[^>]+>/g, ' ');
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < count; i++) {
    const sending = transport.sendMail({ from: 'Shop <news@shop.test>', to: `raw${i}@bench.test`, subject: `Скидка для вас ${i}`, html, text: html });
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
    if (inFlight.size >= SMTP_CONNECTIONS * 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  transport.close();
  return count / ((performance.now() - started) / 1000);
}

async function waitFor(condition: () => boolean, idleSeconds: number, progress: () => number): Promise<void> {
  let last = progress();
  let lastChange = performance.now();
  while (!condition()) {
    await new Promise((r) => setTimeout(r, 100));
    const now = progress();
    if (now !== last) { last = now; lastChange = performance.now(); }
    if (performance.now() - lastChange > idleSeconds * 1000) return;
  }
}

/**
 * campaign-send: a campaign to a `--scale`-person segment (default 1,000,000), every person with
 * an email and marketing consent, a personalized MJML email each, delivered by the server process
 * to a loopback SMTP sink. Figures: the sustained rate at the sink until half the audience has
 * arrived; then the server is killed with SIGKILL, started again, and left to finish, and the sink
 * counts recipients who got the mail twice (`duplicates`) or never (`lost`). The baseline is the
 * rate of bare pooled SMTP sending from this process in the same run. A duplicate is a mail the
 * sink took while the process died, before it was recorded, sent again with the same Message-ID
 * (`duplicate_message_ids`); `second_messages_to_one_person` counts a person given two different
 * messages, which the idempotency keys rule out.
 */
export const campaignSendScenario: BenchScenario = {
  defaultScale: 1_000_000,
  async run(options) {
    // The sink is watched while a second process sends; PGlite has one connection.
    if (options.db !== 'postgres') throw new Error('campaign-send runs on PostgreSQL: --db postgres');
    const database = await provisionBenchDatabase(options.db);
    const sink = await startCountingSink();
    try {
      const baselineRate = await rawSmtpRate(sink.port, Math.min(BASELINE_MESSAGES, options.scale));
      sink.reset();
      const conn = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: './data' });
      await runMigrations(conn.db, migrationSources(allModules));
      const workspace = await createWorkspace(conn.db, { slug: 'bench', name: 'Benchmark', currency: 'RUB', defaultRegion: 'RU', timeZone: 'Europe/Moscow' });
      const key = await createApiKey({ db: conn.db, principal: systemPrincipal(workspace.id) }, { name: 'bench', role: 'admin' });
      const loadStart = performance.now();
      await seedPeopleInSql(conn, workspace.id, null, options.scale);
      // Everyone agreed to marketing email at sign-up; the ledger's trigger keeps the current state.
      await sql`
        insert into consent_entry (workspace_id, id, person_id, channel, purpose, status, source, occurred_at)
        select workspace_id, gen_random_uuid(), id, 'email', 'marketing', 'granted', 'import', now() - interval '30 days'
        from person where workspace_id = ${workspace.id}`.execute(conn.db);
      await sql`analyze`.execute(conn.db);
      const loadSeconds = (performance.now() - loadStart) / 1000;

      const env = {
        ...database.env, RAPPORT_SMTP_HOST: '127.0.0.1', RAPPORT_SMTP_PORT: String(sink.port),
        RAPPORT_PUBLIC_URL: 'http://crm.bench.test', RAPPORT_MAIL_FROM: 'Shop <news@shop.test>',
      };
      const port = await freePort();
      let server = await startServerProcess(env, port);
      // The restarted server listens on the same port: one client serves both.
      const api = apiClient(server.url, key.key);
      try {
        const settings = await api('GET', '/api/v1/messaging/settings') as Record<string, Record<string, unknown>>;
        await api('PUT', '/api/v1/messaging/settings', {
          // Quiet hours would hold the run until morning when it runs in the evening, Moscow time.
          quiet_hours: null, frequency_cap: null, fallback_order: ['email'],
          email: { ...settings.email, has_dkim_key: undefined, max_connections: SMTP_CONNECTIONS, rate_per_second: SMTP_RATE_PER_SECOND },
          sms: { ...settings.sms, has_token: undefined, has_report_secret: undefined },
          telegram: { ...settings.telegram, has_bot_token: undefined, has_webhook_secret: undefined },
        });
        const template = await api('POST', '/api/v1/templates', {
          name: 'Скидка недели', channel: 'email', purpose: 'marketing', locale: 'ru', subject: '{{ person.first_name | default: "Друг" }}, скидка 15%', body: TEMPLATE,
        });
        const segmentStart = performance.now();
        const segment = await api('POST', '/api/v1/segments', {
          name: 'Согласны на рассылку', kind: 'dynamic', rules: { kind: 'consent', channel: 'email', purpose: 'marketing', is_contactable: true },
        });
        const segmentSeconds = (performance.now() - segmentStart) / 1000;
        const campaign = await api('POST', '/api/v1/campaigns', {
          name: 'Скидка недели', channel: 'email', purpose: 'marketing', segment_id: segment.id,
          variants: [{ template_id: template.id, share: 100 }], throttle_per_minute: 1_000_000,
        });
        const audience = options.scale;
        const killAt = Math.floor(audience * KILL_AT_SHARE);
        const started = performance.now();
        await api('POST', `/api/v1/campaigns/${campaign.id as string}/start`);
        // The rate is taken from the first mail at the sink: the audience snapshot comes before it.
        await waitFor(() => sink.received() > 0, 120, () => 0);
        const firstAt = performance.now();
        await waitFor(() => sink.received() >= killAt, 60, () => sink.received());
        const killedAt = performance.now();
        const beforeKill = sink.received();
        const rate = (beforeKill - 1) / ((killedAt - firstAt) / 1000);
        await server.kill();
        const restartStart = performance.now();
        server = await startServerProcess(env, port);
        const restartSeconds = (performance.now() - restartStart) / 1000;
        await waitFor(() => sink.recipients() >= audience, QUIET_SECONDS, () => sink.received());
        // Late duplicates would arrive after the last new recipient: give them a moment.
        await new Promise((r) => setTimeout(r, 3000));
        const finished = performance.now();
        const report = await api('GET', `/api/v1/campaigns/${campaign.id as string}`) as { status: string; progress: Record<string, number> };
        return {
          people: audience,
          msgs_per_s: round(rate, 0),
          baseline_smtp_msgs_per_s: round(baselineRate, 0),
          baseline_ratio: round(baselineRate / rate),
          duplicates: sink.duplicates(),
          duplicate_message_ids: sink.duplicateMessageIds(),
          second_messages_to_one_person: sink.secondMessages(),
          lost: audience - sink.recipients(),
          received_before_kill: beforeKill,
          received: sink.received(),
          campaign_status: report.status,
          campaign_sent: report.progress.sent ?? 0,
          time_to_first_mail_s: round((firstAt - started) / 1000),
          total_seconds: round((finished - started) / 1000),
          restart_seconds: round(restartSeconds),
          segment_first_eval_s: round(segmentSeconds),
          load_seconds: round(loadSeconds),
        };
      } finally {
        await server.stop();
        await conn.close();
      }
    } finally {
      await sink.close();
      await database.drop();
    }
  },
};
