import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { disposeEvent } from './dispose-event.ts';
import { getEvent, listEvents } from './list-events.ts';
import { dispositionSchema, listEventsQuerySchema } from './schemas.ts';

const refParams = z.object({ ref: z.string().min(1).max(64) }).strict();

export function triageRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/events',
      { schema: { tags: ['events'], querystring: listEventsQuerySchema } },
      async (request) => listEvents(deps, actorOf(request), request.query),
    );
    app.get('/events/:ref', { schema: { tags: ['events'], params: refParams } }, async (request) =>
      getEvent(deps, actorOf(request), request.params.ref),
    );
    app.post(
      '/events/:ref/disposition',
      {
        schema: {
          tags: ['events'],
          summary: 'Dismiss, merge or promote an event',
          params: refParams,
          body: dispositionSchema,
        },
      },
      async (request) => disposeEvent(deps, actorOf(request), request.params.ref, request.body),
    );
  };
}
