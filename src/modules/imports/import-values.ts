import type { RecordFieldDef } from '../../platform/records/record-type.ts';
import type { ImportRowErrorCode } from './import-error-codes.ts';

/** A CSV cell as the field's schema expects it, or a reason it can't be read. */
export type CellResult = { value: unknown } | { error: string; code: ImportRowErrorCode };

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'да', 'д', 'истина', '+']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'нет', 'н', 'ложь', '-']);

/** "31.12.2024" and "2024-12-31" are both dates; spreadsheets export the former in Russia. */
function readDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return text;
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text);
  if (dotted) return `${dotted[3]}-${dotted[2]!.padStart(2, '0')}-${dotted[1]!.padStart(2, '0')}`;
  return null;
}

/** Numbers as people type them: "1 500,50", "1500.5", "1 500 ₽". */
function readNumber(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0₽$€]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** Turns a cell's text into the value the field's schema validates. Empty cells never get here. */
export function readCell(field: RecordFieldDef, text: string): CellResult {
  switch (field.kind) {
    case 'number': {
      const n = readNumber(text);
      return n === null ? { error: `"${text}" is not a number`, code: 'NOT_A_NUMBER' } : { value: n };
    }
    case 'money': {
      const n = readNumber(text);
      return n === null ? { error: `"${text}" is not an amount`, code: 'NOT_AN_AMOUNT' } : { value: text.replace(/[\s\u00a0₽$€]/g, '').replace(',', '.') };
    }
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { error: `"${text}" is not yes or no`, code: 'NOT_YES_OR_NO' };
    }
    case 'date': {
      const date = readDate(text);
      return date ? { value: date } : { error: `"${text}" is not a date (use YYYY-MM-DD or DD.MM.YYYY)`, code: 'NOT_A_DATE' };
    }
    case 'multi_select':
    case 'text_list':
    case 'user_list':
      return { value: text.split(/[;,|]/).map((v) => v.trim()).filter(Boolean) };
    case 'select': {
      // Accept an option's value or either of its display names.
      const lower = text.toLowerCase();
      const option = field.options?.find((o) => o.toLowerCase() === lower
        || field.optionLabels?.[o]?.ru.toLowerCase() === lower || field.optionLabels?.[o]?.en.toLowerCase() === lower);
      return { value: option ?? text };
    }
    default:
      return { value: text };
  }
}

const SYNONYMS: Record<string, string[]> = {
  email: ['e-mail', 'mail', 'почта', 'электронная почта', 'емейл'],
  phone: ['tel', 'telephone', 'mobile', 'тел', 'телефон', 'мобильный', 'моб'],
  last_name: ['surname', 'family name', 'фамилия'],
  first_name: ['name', 'given name', 'имя'],
  middle_name: ['patronymic', 'отчество'],
  company_name: ['company', 'organisation', 'organization', 'компания', 'организация'],
  name: ['company', 'название', 'наименование'],
  inn: ['инн', 'tax id'],
  notes: ['note', 'comment', 'примечание', 'комментарий', 'заметка'],
};

const squash = (text: string) => text.toLowerCase().replace(/[\s_\-.]+/g, ' ').trim();

/** Guesses which field each CSV column fills, by field name, label in either language, or a common synonym. */
export function suggestMapping(columns: string[], fields: RecordFieldDef[]): Record<string, string | null> {
  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const column of columns) {
    const key = squash(column);
    const field = fields.find((f) => !taken.has(f.name) && (
      squash(f.name) === key || squash(f.customKey ?? '') === key || squash(f.label.en) === key || squash(f.label.ru) === key
      || (SYNONYMS[f.name] ?? []).some((s) => squash(s) === key)));
    mapping[column] = field?.name ?? null;
    if (field) taken.add(field.name);
  }
  return mapping;
}
