import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createCustomField, customFieldInputSchema } from '../../platform/records/custom-fields.ts';
import { createRecord } from '../../platform/records/records.service.ts';
import { seededRandom } from '../../platform/seeded-random.ts';
import { createCustomObject, toRecordType } from './objects.service.ts';

const STATUSES = [
  { value: 'active', label: 'Действует' },
  { value: 'expired', label: 'Истёк' },
  { value: 'terminated', label: 'Расторгнут' },
];

/** A contract base (S1:41-46): the seed's example of a workspace's own database object. */
export async function seedObjects(ctx: DemoSeedContext, count = 25): Promise<void> {
  const random = seededRandom(7007);
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  const contract = await createCustomObject(service, customObjectDefaults());
  const type = `x_${contract.key}`;
  const define = (input: object) => createCustomField(service, customFieldInputSchema.parse({ object_type: type, ...input }), new Set([type, 'company']));
  await define({ key: 'client', label: 'Клиент', kind: 'relation', references: 'company' });
  await define({ key: 'amount', label: 'Сумма договора', kind: 'money' });
  await define({ key: 'signed_on', label: 'Дата подписания', kind: 'date' });
  await define({ key: 'status', label: 'Статус', kind: 'select', options: STATUSES });
  const def = toRecordType(contract);
  const companies = ctx.seeded.get('company') ?? [];
  const owners = Object.values(ctx.users);
  for (let i = 0; i < count; i++) {
    const month = String(random.int(1, 12)).padStart(2, '0');
    await createRecord(service, def, {
      name: `Д-2026/${String(i + 1).padStart(3, '0')}`,
      owner_id: random.pick(owners),
      custom: {
        ...(companies.length > 0 ? { client: random.pick(companies) } : {}),
        amount: String(random.int(10, 900) * 10_000),
        signed_on: `2026-${month}-${String(random.int(1, 28)).padStart(2, '0')}`,
        status: random.pick(['active', 'active', 'active', 'expired', 'terminated']),
      },
    }, () => undefined);
  }
}

const customObjectDefaults = () => ({
  key: 'contract',
  label: { ru: 'Договор', en: 'Contract' },
  label_plural: { ru: 'Договоры', en: 'Contracts' },
  name_label: { ru: 'Номер договора', en: 'Number' },
  position: 0,
});
