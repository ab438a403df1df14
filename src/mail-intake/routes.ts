import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { listAttachments, readAttachment } from './attachments.ts';

const ref = z.string().min(1).max(64);

export function mailIntakeRoutes(deps: Pick<AppDeps, 'db'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/events/:ref/attachments',
      {
        schema: {
          tags: ['events'],
          summary: 'Files received with the event (SHA-256)',
          params: z.object({ ref }).strict(),
        },
      },
      async (request) => ({ items: await listAttachments(deps, actorOf(request), request.params.ref) }),
    );
    app.get(
      '/events/:ref/attachments/:id',
      { schema: { tags: ['events'], params: z.object({ ref, id: z.uuid() }).strict() } },
      async (request, reply) => {
        const a = await readAttachment(deps, actorOf(request), request.params.ref, request.params.id);
        return reply
          .type('application/octet-stream')
          .header('content-disposition', `attachment; filename="${a.filename.replace(/[^\w.-]+/g, '_')}"`)
          .header('x-content-sha256', a.sha256)
          .send(a.content);
      },
    );
  };
}
