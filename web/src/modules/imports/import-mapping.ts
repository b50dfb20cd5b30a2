import type { Me } from '../auth/auth.types.ts';
import { fieldAccess } from '../auth/permissions.ts';
import type { FieldMeta, ObjectTypeMeta } from '../records/records.types.ts';
import type { ImportMapping } from './imports.types.ts';

/** Mirrors the server: a column may fill any field of the type the reader may write. */
export function importTargets(me: Me, objectType: ObjectTypeMeta): FieldMeta[] {
  return objectType.fields.filter((field) => fieldAccess(me, objectType.type, field.name) === 'write');
}

/** The fields an import matches existing records on, for naming them next to the duplicate rule. */
export function dedupeKeyFields(objectType: ObjectTypeMeta): FieldMeta[] {
  return (objectType.dedupe_keys ?? []).flatMap((name) => objectType.fields.find((field) => field.name === name) ?? []);
}

/** The server's guess for every column, kept where it names a field offered here. */
export function initialMapping(columns: string[], suggested: ImportMapping, targets: FieldMeta[]): ImportMapping {
  const names = new Set(targets.map((field) => field.name));
  return Object.fromEntries(columns.map((column) => {
    const field = suggested[column];
    return [column, field && names.has(field) ? field : null];
  }));
}

export interface MappingProblems {
  /** Required fields no column fills. */
  missing: FieldMeta[];
  /** Column → the earlier column that already fills its field. */
  repeated: Record<string, string>;
}

/** What the server would refuse: a required field left unmapped, or a field filled from two columns. */
export function mappingProblems(mapping: ImportMapping, targets: FieldMeta[]): MappingProblems {
  const firstColumn = new Map<string, string>();
  const repeated: Record<string, string> = {};
  for (const [column, field] of Object.entries(mapping)) {
    if (!field) continue;
    const earlier = firstColumn.get(field);
    if (earlier === undefined) firstColumn.set(field, column);
    else repeated[column] = earlier;
  }
  return { missing: targets.filter((field) => field.required && !firstColumn.has(field.name)), repeated };
}

export const hasMappingProblems = (problems: MappingProblems) =>
  problems.missing.length > 0 || Object.keys(problems.repeated).length > 0;

/** The first values of one column in the sample rows. */
export const sampleValues = (sample: string[][], columnIndex: number, count = 3) =>
  sample.slice(0, count).map((row) => row[columnIndex] ?? '');
