import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../access/http.ts';
import type { LiveHub } from './hub.ts';

/**
 * `GET /api/v1/stream`: server-sent events, one `change` event per committed change the user may see,
 * and a comment every 20 s so proxies keep the connection open.
 */
export function liveRoutes(hub: LiveHub): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/stream',
      { schema: { tags: ['live'], summary: 'Server-sent events for live views' } },
      (request, reply) => {
        const actor = actorOf(request);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write('retry: 2000\n\n');
        const remove = hub.add({
          actor,
          send: (message) => res.write(`event: change\ndata: ${JSON.stringify(message)}\n\n`),
        });
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 20_000);
        request.raw.on('close', () => {
          clearInterval(heartbeat);
          remove();
        });
      },
    );
  };
}
