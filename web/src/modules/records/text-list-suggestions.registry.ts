/** A query for the items already in use that start with what the user typed. */
export interface TextListSuggestionQuery {
  queryKey: readonly unknown[];
  queryFn: () => Promise<string[]>;
}

export type TextListSuggester = (prefix: string) => TextListSuggestionQuery;

const suggesters = new Map<string, TextListSuggester>();
const keyOf = (type: string, field: string) => `${type}.${field}`;

/**
 * Called once at app start by a module whose API can suggest a text list's items (people's tags).
 * The generic input then offers them while typing; other text lists stay free text.
 */
export function registerTextListSuggestions(type: string, field: string, suggester: TextListSuggester): void {
  suggesters.set(keyOf(type, field), suggester);
}

export function textListSuggester(type: string | undefined, field: string): TextListSuggester | undefined {
  return type ? suggesters.get(keyOf(type, field)) : undefined;
}
