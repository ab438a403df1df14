import { and, eq, isNull } from 'drizzle-orm';
import type { AppDeps } from '../app/deps.ts';
import { AppError } from '../platform/errors.ts';
import { hashSecret } from '../platform/ids.ts';
import { alertSources } from './tables.ts';
import type { AlertSourceRef } from './types.ts';

/** How long a resolved source token is trusted without asking the database again. */
export const SOURCE_CACHE_MS = 10_000;

/**
 * Resolves an alert source's bearer token (stored as SHA-256 only). Detection tools send thousands of
 * alerts a second, so a known token is remembered for 10 s; revoking a source forgets it at once in this
 * process and within 10 s in others.
 */
export class SourceAuthenticator {
  readonly #deps: Pick<AppDeps, 'db' | 'clock'>;
  readonly #cache = new Map<string, { source: AlertSourceRef; until: number }>();

  constructor(deps: Pick<AppDeps, 'db' | 'clock'>) {
    this.#deps = deps;
  }

  /** @throws auth.unauthenticated */
  async authenticate(header: string | undefined): Promise<AlertSourceRef> {
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1])
      throw new AppError(
        'auth.unauthenticated',
        'Send the alert source token as "Authorization: Bearer <token>".',
      );
    const hash = hashSecret(match[1]);
    const now = this.#deps.clock.now().getTime();
    const cached = this.#cache.get(hash);
    if (cached && cached.until > now) return cached.source;
    const [row] = await this.#deps.db
      .select({ id: alertSources.id, name: alertSources.name, kind: alertSources.kind })
      .from(alertSources)
      .where(and(eq(alertSources.tokenHash, hash), isNull(alertSources.revokedAt)));
    if (!row) {
      this.#cache.delete(hash);
      throw new AppError('auth.unauthenticated', 'The alert source token is unknown or revoked.');
    }
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(hash, { source: row, until: now + SOURCE_CACHE_MS });
    return row;
  }

  forget(sourceId: string): void {
    for (const [hash, entry] of this.#cache) if (entry.source.id === sourceId) this.#cache.delete(hash);
  }
}
