// Check digits of Russian taxpayer and registration numbers (Federal Tax Service rules).

const weightedSum = (digits: number[], weights: number[]) => weights.reduce((sum, w, i) => sum + w * digits[i]!, 0);
const toDigits = (value: string) => [...value].map(Number);

/** INN: 10 digits for organisations (one check digit), 12 for individuals (two). */
export function isValidInn(value: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(value)) return false;
  const d = toDigits(value);
  const check = (weights: number[]) => (weightedSum(d, weights) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
}

/** KPP: 4 digits (tax office), 2 digits or capital letters (reason), 3 digits. It has no check digit. */
export function isValidKpp(value: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(value);
}

/** OGRN (13 digits, check = first 12 mod 11 mod 10) or OGRNIP (15 digits, first 14 mod 13 mod 10). */
export function isValidOgrn(value: string): boolean {
  if (!/^\d{13}$|^\d{15}$/.test(value)) return false;
  const body = BigInt(value.slice(0, -1));
  const modulus = value.length === 13 ? 11n : 13n;
  return Number((body % modulus) % 10n) === Number(value.at(-1));
}

/** The check digit a 10-digit INN needs after these nine digits (for generating demo data). */
export function innCheckDigit(firstNine: string): number {
  return (weightedSum(toDigits(firstNine), [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10;
}

/** The check digit a 13-digit OGRN needs after these twelve digits. */
export function ogrnCheckDigit(firstTwelve: string): number {
  return Number((BigInt(firstTwelve) % 11n) % 10n);
}
