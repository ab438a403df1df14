/** Helpers for filters kept in the URL (validated in `router.tsx`, written by the screens). */

/** A trimmed, non-empty string of at most `max` characters from a search parameter, or undefined. */
export const searchText = (v: unknown, max = 200): string | undefined =>
  typeof v === 'string' && v.trim().length > 0 ? v.trim().slice(0, max) : undefined;

/** The filters without their empty fields, so the URL holds only what was chosen. */
export const withoutEmpty = <T extends object>(s: T): T =>
  Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined && v !== '')) as T;
