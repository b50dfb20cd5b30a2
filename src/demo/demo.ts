import type { DbConnection } from '../platform/db/connect.ts';
import type { RapportModule } from '../platform/module.ts';
import { systemPrincipal } from '../platform/auth/permissions.ts';
import { createRole, createTeam, createWorkspace, findWorkspaceBySlug, provisionMember } from '../platform/auth/workspace.service.ts';

export const DEMO = {
  slug: 'demo',
  name: 'Демо: ООО «Рапорт»',
  email: 'demo@rapport.local',
  password: 'rapport-demo',
} as const;

const DEMO_USERS = [
  { key: 'admin', email: DEMO.email, name: 'Анна Смирнова', role: 'admin' },
  { key: 'manager', email: 'manager@rapport.local', name: 'Игорь Петров', role: 'manager' },
  { key: 'operator', email: 'operator@rapport.local', name: 'Ольга Кузнецова', role: 'operator' },
] as const;

/**
 * Creates the 'demo' workspace with users, a team, an example restricted role and every
 * module's Russian demo data. Does nothing when the workspace exists already.
 */
export async function seedDemoWorkspace(conn: DbConnection, modules: RapportModule[]): Promise<{ isCreated: boolean }> {
  if (await findWorkspaceBySlug(conn.db, DEMO.slug)) return { isCreated: false };
  const workspace = await createWorkspace(conn.db, { slug: DEMO.slug, name: DEMO.name, locale: 'ru', currency: 'RUB', timeZone: 'Europe/Moscow' });
  const ctx = { db: conn.db, principal: systemPrincipal(workspace.id) };
  const users: Record<string, string> = {};
  for (const user of DEMO_USERS) {
    const member = await provisionMember(conn.db, workspace.id, { email: user.email, name: user.name, password: DEMO.password, role: user.role, locale: 'ru' });
    users[user.key] = member.user_id;
  }
  await createTeam(ctx, { name: 'Отдел продаж', member_ids: [users.manager!, users.operator!] });
  // Shows field rules at work (S3:1421): a call-centre operator answers questions, so sees
  // contacts but neither birthdays nor deal amounts.
  await createRole(ctx, {
    key: 'call-centre',
    name: 'Оператор колл-центра',
    permissions: { '*': { actions: ['read'], scope: 'all' }, activity: { actions: ['read', 'create', 'update'], scope: 'own' } },
    field_rules: { person: { birthday: 'hidden', email: 'readonly' }, deal: { amount: 'hidden' } },
  });
  const seeded = new Map<string, string[]>();
  for (const module of modules) await module.seedDemo?.({ db: conn.db, workspaceId: workspace.id, users, seeded });
  return { isCreated: true };
}
