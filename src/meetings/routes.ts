import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { listMeetings, recordMinutes } from './minutes.ts';

const tags = ['meetings'];
const key = z.string().regex(/^[A-Za-z]{3}-\d{4}-\d{1,9}$/, 'is not an incident key such as INC-2026-0001');

export function meetingRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/incidents/:key/meetings',
      { schema: { tags, params: z.object({ key }).strict() } },
      async (request) => listMeetings(deps, actorOf(request), request.params.key),
    );
    app.post(
      '/incidents/:key/meetings/:id/minutes',
      {
        schema: {
          tags,
          summary: "Record a meeting's minutes on the timeline",
          params: z.object({ key, id: z.uuid() }).strict(),
          body: z
            .object({
              text: z.string().trim().min(1).max(50_000),
              attendees: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
              decisions: z.array(z.string().trim().min(1).max(2000)).max(200).default([]),
            })
            .strict(),
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await recordMinutes(deps, actorOf(request), request.params.key, request.params.id, request.body),
          ),
    );
  };
}
