import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { completeSetup } from './complete-setup.ts';
import { createToken } from './create-token.ts';
import { createUser } from './create-user.ts';
import { actorOf, SESSION_COOKIE, setSessionCookie } from './http.ts';
import { listTokens, listUsers } from './list.ts';
import { presentToken, presentUser } from './present.ts';
import { revokeToken } from './revoke-token.ts';
import {
  createTokenSchema,
  createUserSchema,
  setupSchema,
  signInSchema,
  updateUserSchema,
} from './schemas.ts';
import { signIn } from './sign-in.ts';
import { signOut } from './sign-out.ts';
import { findUserById } from './store.ts';
import { updateUser } from './update-user.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'> & { secureCookies: boolean };
const idParams = z.object({ id: z.uuid() }).strict();

export function accessRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/sign-in',
      { config: { public: true }, schema: { tags: ['auth'], body: signInSchema } },
      async (request, reply) => {
        const { user, session } = await signIn(deps, request.body, request.id);
        setSessionCookie(reply, session, deps.secureCookies);
        return { user: presentUser(user), expiresAt: session.expiresAt.toISOString() };
      },
    );
    app.post(
      '/auth/setup',
      { config: { public: true }, schema: { tags: ['auth'], body: setupSchema } },
      async (request, reply) => {
        const { user, session } = await completeSetup(deps, request.body, request.id);
        setSessionCookie(reply, session, deps.secureCookies);
        return { user: presentUser(user) };
      },
    );
    app.post('/auth/sign-out', { schema: { tags: ['auth'] } }, async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId) await signOut(deps, actorOf(request), sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });
    app.get('/auth/me', { schema: { tags: ['auth'] } }, async (request) => {
      const actor = actorOf(request);
      const user = actor.userId ? await findUserById(deps.db, actor.userId) : undefined;
      return { user: { ...(user ? presentUser(user) : {}), permissions: [...actor.permissions].sort() } };
    });
    app.get('/users', { schema: { tags: ['users'] } }, async (request) => ({
      items: (await listUsers(deps, actorOf(request))).map(presentUser),
    }));
    app.post('/users', { schema: { tags: ['users'], body: createUserSchema } }, async (request, reply) => {
      const user = await createUser(deps, actorOf(request), request.body);
      return reply.status(201).send(presentUser(user));
    });
    app.patch(
      '/users/:id',
      { schema: { tags: ['users'], params: idParams, body: updateUserSchema } },
      async (request) =>
        presentUser(await updateUser(deps, actorOf(request), request.params.id, request.body)),
    );
    app.get('/tokens', { schema: { tags: ['tokens'] } }, async (request) => ({
      items: (await listTokens(deps, actorOf(request))).map(presentToken),
    }));
    app.post('/tokens', { schema: { tags: ['tokens'], body: createTokenSchema } }, async (request, reply) => {
      const { token, secret } = await createToken(deps, actorOf(request), request.body);
      return reply.status(201).send({ token: presentToken(token), secret });
    });
    app.delete('/tokens/:id', { schema: { tags: ['tokens'], params: idParams } }, async (request, reply) => {
      await revokeToken(deps, actorOf(request), request.params.id);
      return reply.status(204).send();
    });
  };
}
