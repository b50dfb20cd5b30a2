/** The server's rule for custom field keys. */
export const CUSTOM_FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_KEY_LENGTH = 40;

// Russian letters in Latin after the BGN/PCGN romanisation, kept to ASCII: ё → e, й → y, ъ and ь dropped.
const LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** A key suggested from a label: "Уровень клиента" → "uroven_klienta", "VIP since" → "vip_since". */
export function suggestKey(label: string): string {
  const latin = [...label.toLowerCase()].map((char) => LATIN[char] ?? char).join('');
  const snake = latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  // Keys start with a letter: "2024 plan" becomes "f_2024_plan".
  const key = snake === '' || /^[a-z]/.test(snake) ? snake : `f_${snake}`;
  return key.slice(0, MAX_KEY_LENGTH).replace(/_+$/, '');
}
