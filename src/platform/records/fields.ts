import { z } from 'zod';
import { toE164 } from './phone.ts';
import type { FieldKind, LocalisedText, RecordFieldDef } from './record-type.ts';

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** An IANA time zone name, e.g. Europe/Moscow. */
export const timeZoneSchema = z.string().trim().min(1).max(64).refine(isTimeZone, 'Not an IANA time zone, e.g. Europe/Moscow');

type FieldOptions = Omit<RecordFieldDef, 'name' | 'kind' | 'label' | 'schema'> & { schema?: z.ZodType };

const make = (kind: FieldKind, defaultSchema: z.ZodType) =>
  (name: string, label: LocalisedText, options: FieldOptions = {}): RecordFieldDef => ({
    name, kind, label, ...options, schema: options.schema ?? defaultSchema,
  });

/** Field builders with the house validation for each kind. */
export const field = {
  text: make('text', z.string().trim().min(1).max(300)),
  longText: make('long_text', z.string().max(20_000)),
  email: make('email', z.email().max(320).transform((v) => v.toLowerCase())),
  // Stored in E.164; numbers without a country code are read in the workspace's default region.
  phone: (name: string, label: LocalisedText, options: FieldOptions = {}): RecordFieldDef => ({
    ...make('phone', z.string().trim().min(3).max(40))(name, label, options),
    normalise: (value, workspace) => toE164(value, workspace.defaultRegion),
  }),
  url: make('url', z.url({ protocol: /^https?$/ }).max(2000)),
  number: make('number', z.number().finite()),
  // Money is numeric in SQL and a decimal string on the wire: never a float.
  money: make('money', z.union([z.number().finite(), z.string().regex(/^-?\d{1,15}(\.\d{1,4})?$/)]).transform(String)),
  currency: make('currency', z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as RUB')),
  date: make('date', z.iso.date()),
  datetime: make('datetime', z.iso.datetime({ offset: true })),
  boolean: make('boolean', z.boolean()),
  /** A choice from fixed options, given as value → display names; the values are what is stored. */
  select: (name: string, label: LocalisedText, options: Readonly<Record<string, LocalisedText>>, rest: FieldOptions = {}): RecordFieldDef => {
    const values = Object.keys(options) as [string, ...string[]];
    return { name, kind: 'select', label, options: values, optionLabels: options, ...rest, schema: z.enum(values) };
  },
  /** Several choices from fixed options; stored as an array of option values. */
  multiSelect: (name: string, label: LocalisedText, options: Readonly<Record<string, LocalisedText>>, rest: FieldOptions = {}): RecordFieldDef => {
    const values = Object.keys(options) as [string, ...string[]];
    return {
      name, kind: 'multi_select', label, options: values, optionLabels: options, ...rest,
      schema: z.array(z.enum(values)).max(500).transform((v) => [...new Set(v)]),
    };
  },
  /** Several free values in a text[] column (tags, further emails), each checked by `item`, kept in order without repeats. */
  textList: (name: string, label: LocalisedText, item: z.ZodType<string>, rest: FieldOptions = {}): RecordFieldDef => ({
    name, kind: 'text_list', label, ...rest, schema: z.array(item).max(50).transform((v) => [...new Set(v)]),
  }),
  /** Further phone numbers, each stored in E.164 like a phone field. */
  phoneList: (name: string, label: LocalisedText, rest: FieldOptions = {}): RecordFieldDef => ({
    name, kind: 'text_list', label, ...rest, schema: z.array(z.string().trim().min(3).max(40)).max(20),
    normalise: (value, workspace) => toE164(value, workspace.defaultRegion),
  }),
  /** A member of the workspace (a responsible person, an assignee); checked on write like an owner. */
  user: make('user', z.uuid()),
  /**
   * Several members of the workspace (a deal's co-owners) in a uuid[] column, kept in order without
   * repeats; `[]` clears it. Each must be an active member, checked on write.
   */
  userList: (name: string, label: LocalisedText, rest: FieldOptions = {}): RecordFieldDef => ({
    name, kind: 'user_list', label, hasDefault: true, ...rest, schema: z.array(z.uuid()).max(50).transform((v) => [...new Set(v)]),
  }),
  reference: (name: string, label: LocalisedText, references: string, rest: FieldOptions = {}): RecordFieldDef => ({
    name, kind: 'reference', label, references, ...rest, schema: z.uuid(),
  }),
};
