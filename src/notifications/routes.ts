import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import { DELIVERY_STATUSES } from '../app/api-types-escalation.ts';
import type { AppDeps } from '../app/deps.ts';
import { channelKind } from '../policy/schema-sections.ts';
import { channelInputSchema } from './channel-config.ts';
import { deleteChannel, listChannels, putChannel } from './channels.ts';
import { getChatRoom, openChatRoom } from './chat-rooms.ts';
import { listInbox, markRead } from './inbox.ts';
import { listDeliveries } from './list-deliveries.ts';
import { listQueue } from './list-queue.ts';
import { getComms, setOutOfBand } from './out-of-band.ts';
import { retryDelivery } from './retry-delivery.ts';
import { testChannel } from './test-channel.ts';

const tags = ['notifications'];
const channelKey = z
  .object({ channel: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a short key such as smtp') })
  .strict();
const idParams = z.object({ id: z.uuid() }).strict();
const incidentParams = z
  .object({
    key: z.string().regex(/^[A-Za-z]{3}-\d{4}-\d{1,9}$/, 'is not an incident key such as INC-2026-0001'),
  })
  .strict();
const pageQuery = z
  .object({
    cursor: z
      .string()
      .regex(/^\d{1,12}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export function notificationRoutes(
  deps: Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'config'>,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/notification-channels', { schema: { tags } }, async (request) =>
      listChannels(deps, actorOf(request)),
    );
    app.put(
      '/notification-channels/:channel',
      {
        schema: {
          tags,
          summary: 'Configure a channel (credentials are stored encrypted)',
          params: channelKey,
          body: channelInputSchema,
        },
      },
      async (request) => putChannel(deps, actorOf(request), request.params.channel, request.body),
    );
    app.delete(
      '/notification-channels/:channel',
      { schema: { tags, params: channelKey } },
      async (request, reply) => {
        await deleteChannel(deps, actorOf(request), request.params.channel);
        return reply.status(204).send();
      },
    );
    app.post(
      '/notification-channels/:channel/test',
      {
        schema: {
          tags,
          params: channelKey,
          body: z.object({ address: z.string().min(1).max(320).optional() }).strict(),
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(await testChannel(deps, actorOf(request), request.params.channel, request.body)),
    );
    app.get(
      '/deliveries',
      {
        schema: {
          tags,
          summary:
            'The delivery log, by status (dead: the dead-letter view), incident, channel and recipient',
          querystring: pageQuery
            .extend({
              status: z.enum(DELIVERY_STATUSES).optional(),
              incident: z
                .string()
                .regex(/^[A-Za-z]{3}-\d{4}-\d{1,9}$/, 'is not an incident key')
                .transform((k) => k.toUpperCase())
                .optional(),
              channel: channelKind.optional(),
              recipient: z.string().trim().min(1).max(200).optional(),
            })
            .strict(),
        },
      },
      async (request) => listDeliveries(deps, actorOf(request), request.query),
    );
    app.post('/deliveries/:id/retry', { schema: { tags, params: idParams } }, async (request) =>
      retryDelivery(deps, actorOf(request), request.params.id),
    );
    app.get('/notifications/inbox', { schema: { tags, querystring: pageQuery } }, async (request) =>
      listInbox(deps, actorOf(request), request.query),
    );
    app.post(
      '/notifications/inbox/:id/read',
      { schema: { tags, params: idParams } },
      async (request, reply) => {
        await markRead(deps, actorOf(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.get(
      '/queues/:team',
      {
        schema: {
          tags,
          summary: "A department's queue",
          params: z.object({ team: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) }).strict(),
          querystring: pageQuery,
        },
      },
      async (request) => listQueue(deps, actorOf(request), request.params.team, request.query),
    );
    app.get('/incidents/:key/out-of-band', { schema: { tags, params: incidentParams } }, async (request) =>
      getComms(deps, actorOf(request), request.params.key),
    );
    app.put(
      '/incidents/:key/out-of-band',
      {
        schema: {
          tags,
          summary: 'Switch an incident to out-of-band communications, or back',
          params: incidentParams,
          body: z.object({ enabled: z.boolean(), reason: z.string().trim().min(3).max(2000) }).strict(),
        },
      },
      async (request) => setOutOfBand(deps, actorOf(request), request.params.key, request.body),
    );
    app.get(
      '/incidents/:key/chat-room',
      {
        schema: { tags, summary: "The incident's dedicated Slack channel, if any", params: incidentParams },
      },
      async (request) => getChatRoom(deps, actorOf(request), request.params.key),
    );
    app.post(
      '/incidents/:key/chat-room',
      {
        schema: { tags, summary: 'Open a dedicated Slack channel for the incident', params: incidentParams },
      },
      async (request, reply) =>
        reply.status(202).send(await openChatRoom(deps, actorOf(request), request.params.key)),
    );
  };
}
