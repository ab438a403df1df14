import { AppError } from '../errors.ts';

/**
 * PostgreSQL cannot store a NUL character, and a lone UTF-16 surrogate is not text at all: either would
 * reach the database as a 500 or be silently replaced. Refuse both at the door, for every string in the
 * URL, the query and the body, with the path of the first offender.
 */
export function assertCleanStrings(value: unknown, where: string): void {
  const stack: { value: unknown; path: string }[] = [{ value, path: where }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    const v = item.value;
    if (typeof v === 'string') {
      if (v.includes('\u0000') || !v.isWellFormed()) {
        throw new AppError(
          'validation.failed',
          `${item.path}: contains a NUL character or invalid Unicode.`,
          {
            details: [{ path: item.path, message: 'contains a NUL character or invalid Unicode' }],
          },
        );
      }
    } else if (Array.isArray(v)) {
      v.forEach((child, i) => stack.push({ value: child, path: `${item.path}[${i}]` }));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        stack.push({ value: k, path: `${item.path} key` });
        stack.push({ value: child, path: `${item.path}.${k}` });
      }
    }
  }
}
