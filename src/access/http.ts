import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app/deps.ts';
import { AppError } from '../platform/errors.ts';
import type { Actor } from './actor.ts';
import { authenticateSession, authenticateToken } from './authenticate.ts';

export const SESSION_COOKIE = 'cordon_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without credentials (health, sign-in, set-up, the OpenAPI document). */
    public?: boolean;
  }
}

/**
 * Resolves the caller on every API request: a bearer token or the session cookie. Routes read the actor
 * with `actorOf(request)`; permission checks happen inside the use cases.
 */
export function installAuthentication(app: FastifyInstance, deps: Pick<AppDeps, 'db' | 'clock'>): void {
  app.decorateRequest('actor', null);
  // onRequest: credentials are checked before a body is read or validated, so an anonymous caller learns
  // nothing about a route's input and cannot make us parse a megabyte of JSON.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public || !request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1])
        throw new AppError('auth.unauthenticated', 'The Authorization header must be "Bearer <token>".');
      request.actor = await authenticateToken(deps, match[1], request.id);
      return;
    }
    const session = request.cookies[SESSION_COOKIE];
    if (session) {
      request.actor = await authenticateSession(deps, session, request.id);
      return;
    }
    throw new AppError(
      'auth.unauthenticated',
      'Sign in, or send an API token as "Authorization: Bearer <token>".',
    );
  });
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.unauthenticated', 'Not signed in.');
  return request.actor;
}

export function setSessionCookie(
  reply: FastifyReply,
  session: { id: string; expiresAt: Date },
  secure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, session.id, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    expires: session.expiresAt,
  });
}
