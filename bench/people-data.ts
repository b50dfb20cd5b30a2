import fs from 'node:fs';
import { once } from 'node:events';
import { sql } from 'kysely';
import type { DbConnection } from '../src/platform/db/connect.ts';
import { seededRandom } from '../src/platform/seeded-random.ts';

const LAST = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев'];
const FIRST = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Артём', 'Илья', 'Кирилл', 'Михаил', 'Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Екатерина', 'Татьяна', 'Ирина', 'Светлана', 'Юлия'];
export const BENCH_CITIES = ['Москва', 'Санкт-Петербург', 'Новосибирск', 'Екатеринбург', 'Казань', 'Нижний Новгород', 'Самара', 'Краснодар', 'Ростов-на-Дону', 'Пермь'];
export const BENCH_TIERS = ['bronze', 'silver', 'gold', 'platinum'];

export const PEOPLE_CSV_HEADER = 'Фамилия;Имя;Email;Телефон;Город;День рождения';

/** A phone written the ways people write them: with 8 or +7, spaces, dashes, brackets. */
function messyPhone(n: number, style: number): string {
  const digits = String(9_000_000_000 + (n % 999_999_999)).padStart(10, '0');
  const [a, b, c, d] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 8), digits.slice(8)];
  switch (style % 4) {
    case 0: return `8 (${a}) ${b}-${c}-${d}`;
    case 1: return `+7 ${a} ${b} ${c} ${d}`;
    case 2: return `7${digits}`;
    default: return `+7-${a}-${b}-${c}${d}`;
  }
}

/**
 * Writes a semicolon-separated people file as a spreadsheet export would look: messy phones,
 * dotted dates, about 2% rows repeating an earlier person's email (dedupe work) and 0.5% with a
 * broken phone (error report work). Streams, so a million rows never sit in memory.
 */
export async function writePeopleCsv(filePath: string, count: number): Promise<void> {
  const random = seededRandom(1_000_003);
  const out = fs.createWriteStream(filePath);
  out.write(`${PEOPLE_CSV_HEADER}\n`);
  for (let n = 0; n < count; n++) {
    const isRepeat = n > 100 && random.chance(0.02);
    const who = isRepeat ? random.int(0, n - 1) : n;
    const phone = random.chance(0.005) ? '12-34' : messyPhone(who, random.int(0, 3));
    const day = String(random.int(1, 28)).padStart(2, '0');
    const month = String(random.int(1, 12)).padStart(2, '0');
    const line = `${random.pick(LAST)};${random.pick(FIRST)};person${who}@bench.test;${phone};${random.pick(BENCH_CITIES)};${day}.${month}.${random.int(1950, 2005)}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Fills a workspace with people straight in SQL (the list and export benchmarks measure reading,
 * not writing), with a custom field value on each: custom.tier.
 */
export async function seedPeopleInSql(conn: DbConnection, workspaceId: string, ownerId: string | null, count: number): Promise<void> {
  const chunk = 100_000;
  for (let offset = 0; offset < count; offset += chunk) {
    const size = Math.min(chunk, count - offset);
    await sql`
      insert into person (workspace_id, id, owner_id, last_name, first_name, email, phone, city, birthday, lifecycle_stage, custom)
      select ${workspaceId}::uuid,
        -- Time-ordered ids, like UUIDv7: a millisecond prefix, then the row number.
        (lpad(to_hex(1700000000000 + ${offset}::bigint + n), 12, '0') || '7' || lpad(to_hex(n % 4096), 3, '0') || '8' || lpad(to_hex(n), 15, '0'))::uuid,
        ${ownerId}::uuid,
        (${sql.val(LAST)}::text[])[1 + (n * 7) % ${LAST.length}],
        (${sql.val(FIRST)}::text[])[1 + (n * 13) % ${FIRST.length}],
        'person' || (${offset}::bigint + n) || '@bench.test',
        '+79' || lpad(((${offset}::bigint + n) % 1000000000)::text, 9, '0'),
        (${sql.val(BENCH_CITIES)}::text[])[1 + (n * 31) % ${BENCH_CITIES.length}],
        date '1950-01-01' + ((n * 37) % 20000)::integer,
        (array['prospect', 'lead', 'customer', 'partner'])[1 + n % 4],
        -- Independent of the city (which follows n mod 10), so every city has every tier.
        jsonb_build_object('tier', (${sql.val(BENCH_TIERS)}::text[])[1 + (n / 10) % ${BENCH_TIERS.length}])
      from generate_series(1, ${size}::bigint) as n`.execute(conn.db);
  }
  // As autovacuum would soon after a bulk load: statistics for the planner, GIN pending lists
  // merged into the indexes, and the visibility map set. Without it the first minutes after a
  // load measure the load, not the queries (the raw SQL baseline as much as the API).
  await sql`vacuum analyze person`.execute(conn.db);
}
