import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { getSla, listSla } from './read-sla.ts';

const tags = ['sla'];
const states = ['on_track', 'at_risk', 'breached'] as const;

export function slaRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/incidents/:key/sla',
      {
        schema: { tags, params: z.object({ key: z.string().regex(/^[A-Za-z]{3}-\d{4}-\d{1,9}$/) }).strict() },
      },
      async (request) => getSla(deps, actorOf(request), request.params.key),
    );
    app.get(
      '/sla',
      {
        schema: {
          tags,
          summary: 'Open incidents by SLA state',
          querystring: z
            .object({
              state: z
                .string()
                .default('at_risk,breached')
                .transform((s) => s.split(','))
                .pipe(z.array(z.enum(states))),
            })
            .strict(),
        },
      },
      async (request) => listSla(deps, actorOf(request), request.query.state),
    );
  };
}
