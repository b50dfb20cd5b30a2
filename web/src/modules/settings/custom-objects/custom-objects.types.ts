import type { LocalisedText } from '../../records/index.ts';

/** A record type the workspace defines, e.g. contracts; its records live at /objects/<key>. */
export interface CustomObject {
  id: string;
  /** Fixed once created: it names the API path, the web path and the record type. */
  key: string;
  /** The record type name: `x_<key>`. */
  type: string;
  label: LocalisedText;
  label_plural: LocalisedText;
  /** What the record's required name field is called, e.g. "Номер договора". */
  name_label: LocalisedText;
  position: number;
  created_at: string;
  updated_at: string;
}

/** A language left empty takes the other's text on the server; a missing name_label becomes "Название". */
export interface CustomObjectInput {
  key: string;
  label: LocalisedText;
  label_plural: LocalisedText;
  name_label?: LocalisedText;
}

export type CustomObjectUpdate = Partial<Omit<CustomObjectInput, 'key'>>;
