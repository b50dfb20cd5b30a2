/** The keys of an English strings object, for its Russian twin: every key, and room for the extra Russian plural forms (_few, _many). */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> } & Record<string, unknown>;
