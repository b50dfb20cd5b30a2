import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createRecord } from '../../platform/records/records.service.ts';
import { seededRandom } from '../../platform/seeded-random.ts';
import { personRecordType } from './people.records.ts';

// [male, female] forms of common Russian surnames.
const SURNAMES: [string, string][] = [
  ['Иванов', 'Иванова'], ['Смирнов', 'Смирнова'], ['Кузнецов', 'Кузнецова'], ['Попов', 'Попова'], ['Васильев', 'Васильева'],
  ['Петров', 'Петрова'], ['Соколов', 'Соколова'], ['Михайлов', 'Михайлова'], ['Новиков', 'Новикова'], ['Фёдоров', 'Фёдорова'],
  ['Морозов', 'Морозова'], ['Волков', 'Волкова'], ['Алексеев', 'Алексеева'], ['Лебедев', 'Лебедева'], ['Семёнов', 'Семёнова'],
  ['Егоров', 'Егорова'], ['Павлов', 'Павлова'], ['Козлов', 'Козлова'], ['Степанов', 'Степанова'], ['Николаев', 'Николаева'],
  ['Орлов', 'Орлова'], ['Андреев', 'Андреева'], ['Макаров', 'Макарова'], ['Никитин', 'Никитина'], ['Захаров', 'Захарова'],
];
const MALE_NAMES = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Артём', 'Илья', 'Кирилл', 'Михаил', 'Никита', 'Иван', 'Роман', 'Олег', 'Павел'];
const FEMALE_NAMES = ['Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Екатерина', 'Татьяна', 'Ирина', 'Светлана', 'Юлия', 'Дарья', 'Алина', 'Ксения', 'Виктория', 'Полина'];
// [male, female] patronymics.
const PATRONYMICS: [string, string][] = [
  ['Александрович', 'Александровна'], ['Сергеевич', 'Сергеевна'], ['Дмитриевич', 'Дмитриевна'], ['Андреевич', 'Андреевна'],
  ['Иванович', 'Ивановна'], ['Николаевич', 'Николаевна'], ['Петрович', 'Петровна'], ['Владимирович', 'Владимировна'],
];
const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
const latin = (text: string) => [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
export const DEMO_CITIES = ['Москва', 'Санкт-Петербург', 'Новосибирск', 'Екатеринбург', 'Казань', 'Нижний Новгород', 'Самара', 'Краснодар', 'Ростов-на-Дону', 'Пермь'];
const JOB_TITLES = ['Генеральный директор', 'Коммерческий директор', 'Менеджер по закупкам', 'Главный бухгалтер', 'Руководитель отдела продаж', 'Маркетолог', 'Инженер', 'Офис-менеджер', 'Юрист', 'Финансовый директор'];
const SOURCES = ['Сайт', 'Рекомендация', 'Выставка', 'Холодный звонок', 'Telegram', 'ВКонтакте', 'Партнёр'];
const MAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru'];

const DEMO_TAGS = ['VIP', 'опт', 'розница', 'дилер', 'госсектор', 'рассылка'];

export async function seedPeople(ctx: DemoSeedContext, count = 200): Promise<void> {
  const random = seededRandom(2002);
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  const owners = Object.values(ctx.users);
  const companies = ctx.seeded.get('company') ?? [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const isMale = random.chance(0.5);
    const [maleSurname, femaleSurname] = random.pick(SURNAMES);
    const lastName = isMale ? maleSurname : femaleSurname;
    const firstName = random.pick(isMale ? MALE_NAMES : FEMALE_NAMES);
    const middleName = random.pick(PATRONYMICS)[isMale ? 0 : 1];
    const person = await createRecord(service, personRecordType, {
      last_name: lastName,
      first_name: firstName,
      middle_name: middleName,
      email: `${latin(firstName)}.${latin(lastName)}${i}@${random.pick(MAIL_DOMAINS)}`,
      phone: `+7 9${random.int(10, 99)} ${random.int(100, 999)}-${random.int(10, 99)}-${random.int(10, 99)}`,
      job_title: random.pick(JOB_TITLES),
      company_id: companies.length > 0 && random.chance(0.8) ? random.pick(companies) : null,
      city: random.pick(DEMO_CITIES),
      birthday: `${random.int(1960, 2002)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      lifecycle_stage: random.pick(['prospect', 'lead', 'lead', 'customer', 'customer', 'customer', 'partner', 'former']),
      source: random.pick(SOURCES),
      gender: isMale ? 'male' : 'female',
      tags: random.chance(0.4) ? [random.pick(DEMO_TAGS), ...(random.chance(0.3) ? [random.pick(DEMO_TAGS)] : [])] : [],
      ...(random.chance(0.3) ? { telegram: `${latin(firstName)}_${latin(lastName)}`.slice(0, 30) } : {}),
      ...(random.chance(0.15) ? { other_phones: [`+7 495 ${random.int(100, 999)}-${random.int(10, 99)}-${random.int(10, 99)}`] } : {}),
      owner_id: random.pick(owners),
    }, () => undefined);
    ids.push(person.id as string);
  }
  ctx.seeded.set('person', ids);
}
