import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { listAudit } from './list-audit.ts';
import { verifyChains } from './verify-chains.ts';

const auditQuery = z
  .object({
    action: z.string().min(1).max(100).optional(),
    actorId: z.uuid().optional(),
    incidentKey: z.string().min(1).max(64).optional(),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'is not a cursor from this API')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export function auditRoutes(deps: Pick<AppDeps, 'db'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/audit', { schema: { tags: ['audit'], querystring: auditQuery } }, async (request) =>
      listAudit(deps, actorOf(request), request.query),
    );
    app.get(
      '/audit/verify',
      { schema: { tags: ['audit'], summary: 'Recompute the hash chains' } },
      async (request) => verifyChains(deps, actorOf(request)),
    );
  };
}
