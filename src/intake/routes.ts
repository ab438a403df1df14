import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { submitReportSchema } from './schemas.ts';
import { submitReport } from './submit-report.ts';

export function intakeRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/reports',
      {
        schema: { tags: ['events'], summary: 'Report a suspected security event', body: submitReportSchema },
      },
      async (request, reply) =>
        reply.status(201).send(await submitReport(deps, actorOf(request), request.body)),
    );
  };
}
