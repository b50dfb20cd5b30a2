import ICAL from 'ical.js';
import { z } from 'zod';

/**
 * vCard 4 (RFC 6350) for people: one card per person out, and person values from cards in.
 * Parsing and printing (escaping, folding, parameters) are ical.js's; the mapping is ours.
 */

type PersonValues = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);

/** A person as a vCard 4 card; fields missing from the values (hidden from the reader) stay out. */
export function personToVcard(person: PersonValues): string {
  const card = new ICAL.Component(['vcard', [], []]);
  card.updatePropertyWithValue('version', '4.0');
  card.updatePropertyWithValue('uid', `urn:uuid:${String(person.id)}`);
  const fullName = text(person.full_name) ?? [person.first_name, person.last_name].filter(Boolean).join(' ');
  card.updatePropertyWithValue('fn', fullName || String(person.id));
  if ('first_name' in person || 'last_name' in person) {
    const n = new ICAL.Property('n');
    n.setValue([text(person.last_name) ?? '', text(person.first_name) ?? '', text(person.middle_name) ?? '', '', ''] as unknown as string);
    card.addProperty(n);
  }
  const add = (name: string, value: string, params: Record<string, string> = {}) => {
    const property = new ICAL.Property(name);
    for (const [key, param] of Object.entries(params)) property.setParameter(key, param);
    property.setValue(value);
    card.addProperty(property);
  };
  const emails = [text(person.email), ...((person.other_emails as string[] | undefined) ?? [])].filter((v): v is string => !!v);
  emails.forEach((email, i) => add('email', email, i === 0 ? { pref: '1' } : {}));
  const phones = [text(person.phone), ...((person.other_phones as string[] | undefined) ?? [])].filter((v): v is string => !!v);
  phones.forEach((phone, i) => add('tel', `tel:${phone}`, { value: 'uri', ...(i === 0 ? { pref: '1' } : {}) }));
  if (text(person.job_title)) add('title', person.job_title as string);
  if (text(person.birthday)) add('bday', (person.birthday as string).replaceAll('-', ''));
  if (person.gender === 'female' || person.gender === 'male') add('gender', person.gender === 'female' ? 'F' : 'M');
  if (text(person.address)) {
    const adr = new ICAL.Property('adr');
    adr.setValue(['', '', person.address as string, text(person.city) ?? '', '', '', ''] as unknown as string);
    card.addProperty(adr);
  }
  if (text(person.language)) add('lang', person.language as string);
  if (text(person.time_zone)) add('tz', person.time_zone as string, { value: 'text' });
  if (text(person.telegram)) add('impp', `https://t.me/${person.telegram as string}`);
  if (text(person.vk)) add('url', `https://vk.com/${person.vk as string}`);
  const tags = (person.tags as string[] | undefined) ?? [];
  if (tags.length > 0) {
    const categories = new ICAL.Property('categories');
    categories.setValues(tags);
    card.addProperty(categories);
  }
  if (text(person.notes)) add('note', person.notes as string);
  return card.toString().replace(/\r?\n/g, '\r\n') + '\r\n';
}

export interface ParsedCard {
  /** Person fields as the API takes them (not yet validated). */
  values: PersonValues;
  /** ORG, to match an existing company by name. */
  organisation: string | null;
}

const BDAY = /^(\d{4})-?(\d{2})-?(\d{2})/;

/** A file that can't be read as vCards; `card` is the position (from 0) of the card at fault, when one is. */
export class VcardSyntaxError extends Error {
  constructor(readonly card: number | null, message: string, options: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Which card a syntax error is in: ical.js reads the file as a whole and its errors don't say,
 * so each card (from its BEGIN:VCARD line) is read alone. Null when the fault is before the first card.
 */
function faultyCard(text: string): number | null {
  const chunks = text.split(/^(?=BEGIN:VCARD[ \t]*\r?$)/im).filter((chunk) => chunk.trim() !== '');
  const isPreamble = chunks.length > 0 && !/^BEGIN:VCARD/i.test(chunks[0]!);
  const index = chunks.findIndex((chunk) => {
    try {
      ICAL.parse(chunk);
      return false;
    } catch {
      return true;
    }
  });
  if (index === -1 || (isPreamble && index === 0)) return null;
  return isPreamble ? index - 1 : index;
}

/**
 * Person values from a vCard file (versions 3 and 4; several cards). Throws a VcardSyntaxError
 * naming the card's position when the file can't be read at all.
 */
export function parseVcards(input: string): ParsedCard[] {
  const text = input.replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    const card = faultyCard(text);
    const reason = (error as Error).message;
    throw new VcardSyntaxError(card, card === null ? `Not a vCard file: ${reason}` : `Card ${card + 1} is not a valid vCard: ${reason}`, { cause: error });
  }
  const jcards = (Array.isArray(parsed) && parsed[0] === 'vcard' ? [parsed] : (parsed as unknown[])) as unknown[];
  return jcards.map((jcard) => {
    const card = new ICAL.Component(jcard as [string, unknown[], unknown[]]);
    const first = (name: string) => {
      const value = card.getFirstPropertyValue(name);
      return typeof value === 'string' && value.trim().length > 0 ? value.trim() : null;
    };
    const all = (name: string) => card.getAllProperties(name)
      .sort((a, b) => Number(a.getParameter('pref') ?? 100) - Number(b.getParameter('pref') ?? 100))
      .map((p) => String(p.getFirstValue() ?? '').trim()).filter(Boolean);
    const values: PersonValues = {};
    const n = card.getFirstPropertyValue('n') as unknown;
    const parts = Array.isArray(n) ? n.map((v) => (Array.isArray(v) ? v.join(' ') : String(v ?? '')).trim()) : [];
    if (parts[1]) values.first_name = parts[1];
    if (parts[0]) values.last_name = parts[0];
    if (parts[2]) values.middle_name = parts[2];
    if (!values.first_name) {
      // Cards without N name the person in FN only: take its first word as the first name.
      const [firstWord, ...rest] = (first('fn') ?? '').split(/\s+/);
      if (firstWord) values.first_name = firstWord;
      if (rest.length > 0 && !values.last_name) values.last_name = rest.join(' ');
    }
    const emails = all('email').map((e) => e.replace(/^mailto:/i, ''));
    if (emails[0]) values.email = emails[0];
    if (emails.length > 1) values.other_emails = emails.slice(1);
    const phones = all('tel').map((t) => t.replace(/^tel:/i, ''));
    if (phones[0]) values.phone = phones[0];
    if (phones.length > 1) values.other_phones = phones.slice(1);
    const title = first('title');
    if (title) values.job_title = title;
    const bday = BDAY.exec(String(card.getFirstPropertyValue('bday') ?? ''));
    if (bday) values.birthday = `${bday[1]}-${bday[2]}-${bday[3]}`;
    const gender = first('gender');
    if (gender === 'F' || gender === 'M') values.gender = gender === 'F' ? 'female' : 'male';
    const adr = card.getFirstPropertyValue('adr') as unknown;
    if (Array.isArray(adr)) {
      const [, , street, locality, region, postcode, country] = adr.map((v) => (Array.isArray(v) ? v.join(' ') : String(v ?? '')).trim());
      const address = [street, region, postcode, country].filter(Boolean).join(', ');
      if (address) values.address = address;
      if (locality) values.city = locality;
    }
    const lang = first('lang');
    if (lang) values.language = lang;
    const tz = first('tz');
    if (tz && z.string().regex(/^[A-Za-z_]+\/[A-Za-z_/]+$/).safeParse(tz).success) values.time_zone = tz;
    for (const link of [...all('impp'), ...all('url'), ...all('x-socialprofile')]) {
      if (/(t\.me|telegram\.me)\//i.test(link)) values.telegram ??= link;
      else if (/vk\.(com|ru)\//i.test(link)) values.vk ??= link;
    }
    const categories = card.getAllProperties('categories').flatMap((p) => p.getValues().map((v) => String(v).trim())).filter(Boolean);
    if (categories.length > 0) values.tags = [...new Set(categories)];
    const note = first('note');
    if (note) values.notes = note;
    const org = card.getFirstPropertyValue('org') as unknown;
    const organisation = (Array.isArray(org) ? String(org[0] ?? '') : String(org ?? '')).trim();
    return { values, organisation: organisation || null };
  });
}
