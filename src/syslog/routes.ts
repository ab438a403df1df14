import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { listUnparsedLines } from './list-unparsed.ts';

export function syslogRoutes(deps: Pick<AppDeps, 'db'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/syslog/unparsed',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Syslog lines kept because they did not parse or matched no rule (newest first)',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        },
      },
      async (request) => listUnparsedLines(deps, actorOf(request), request.query.limit),
    );
  };
}
