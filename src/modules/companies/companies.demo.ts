import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createRecord } from '../../platform/records/records.service.ts';
import { seededRandom } from '../../platform/seeded-random.ts';
import { companyRecordType, COMPANY_SIZES } from './companies.records.ts';
import { innCheckDigit, ogrnCheckDigit } from './russian-ids.ts';

const NAMES = [
  'ООО «Северный ветер»', 'АО «Техностиль»', 'ООО «Уральские самоцветы»', 'ООО «Волга-Логистик»', 'ПАО «СибЭнерго»',
  'ООО «Зелёный квартал»', 'ООО «Медицинский центр Здоровье»', 'АО «Балтийская верфь»', 'ООО «Турагентство Пилигрим»',
  'ООО «ФинКонсалт»', 'ООО «Школа программирования Код»', 'ООО «Пекарня Колос»', 'ООО «АвтоМир»', 'АО «Стройинвест»',
  'ООО «Кофейня Зерно»', 'ООО «Агрохолдинг Нива»', 'ООО «Ювелирный дом Грань»', 'ООО «Клиника Улыбка»', 'ООО «Мебельная фабрика Дуб»',
  'ООО «Цифровые решения»', 'АО «Транссервис»', 'ООО «Отель Приморье»', 'ООО «Фитнес-клуб Энергия»', 'ООО «Книжный дом»',
  'ООО «Лаборатория чистоты»', 'ООО «Типография Оттиск»', 'АО «Химпром»', 'ООО «Студия дизайна Линия»', 'ООО «ЭкоФерма»', 'ООО «Банк Доверие»',
];
const INDUSTRIES = ['Розничная торговля', 'Производство', 'Логистика', 'Энергетика', 'Недвижимость', 'Медицина', 'Туризм', 'Финансы', 'Образование', 'ИТ'];
const CITIES = ['Москва', 'Санкт-Петербург', 'Екатеринбург', 'Казань', 'Новосибирск', 'Самара'];

export async function seedCompanies(ctx: DemoSeedContext): Promise<void> {
  const random = seededRandom(1001);
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  const owners = Object.values(ctx.users);
  const ids: string[] = [];
  for (const [i, name] of NAMES.entries()) {
    const innBody = `77${String(10_000_000 + i * 7919 + random.int(0, 999)).slice(0, 7)}`;
    const inn = `${innBody}${innCheckDigit(innBody)}`;
    const ogrnBody = `1027700${String(100_000 + i * 131 + random.int(0, 99)).slice(0, 5)}`;
    const company = await createRecord(service, companyRecordType, {
      name,
      inn,
      kpp: `${inn.slice(0, 4)}01001`,
      ogrn: `${ogrnBody}${ogrnCheckDigit(ogrnBody)}`,
      industry: random.pick(INDUSTRIES),
      size: random.pick(Object.keys(COMPANY_SIZES)),
      city: random.pick(CITIES),
      phone: `+7 495 ${random.int(100, 999)}-${random.int(10, 99)}-${random.int(10, 99)}`,
      email: `info${i + 1}@example.ru`,
      owner_id: random.pick(owners),
    }, () => undefined);
    ids.push(company.id as string);
  }
  ctx.seeded.set('company', ids);
}
