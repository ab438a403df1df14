import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AckResult } from '../app/api-types-escalation.ts';
import { isAppError } from '../platform/errors.ts';
import { acknowledgeByToken, acknowledgePage } from './acknowledge.ts';
import { mattermostAction, mattermostActionSchema } from './mattermost-actions.ts';
import type { EngineDeps } from './page-step.ts';
import { eventEscalations, getPage, incidentEscalations, listPages } from './read.ts';
import { slackAction } from './slack-actions.ts';

const tags = ['escalation'];
const idParams = z.object({ id: z.uuid() }).strict();
const tokenParams = z.object({ token: z.string().min(10).max(200) }).strict();
const incidentParams = z
  .object({
    key: z.string().regex(/^[A-Za-z]{3}-\d{4}-\d{1,9}$/, 'is not an incident key such as INC-2026-0001'),
  })
  .strict();
const eventParams = z.object({ ref: z.string().regex(/^[A-Za-z]{3}-\d{4}-\d{1,12}$/) }).strict();

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const html = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`;

export function escalationRoutes(deps: EngineDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/pages',
      {
        schema: {
          tags,
          querystring: z
            .object({
              state: z.enum(['open', 'acknowledged']).optional(),
              mine: z.stringbool().default(false),
              cursor: z
                .string()
                .regex(/^\d{1,12}$/)
                .optional(),
              limit: z.coerce.number().int().min(1).max(200).default(50),
            })
            .strict(),
        },
      },
      async (request) => listPages(deps, actorOf(request), request.query),
    );
    app.get('/pages/:id', { schema: { tags, params: idParams } }, async (request) =>
      getPage(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/pages/:id/ack',
      {
        schema: {
          tags,
          summary: 'Acknowledge a page: stops its chain (repeats, fallback, later steps)',
          params: idParams,
          body: z
            .object({
              note: z.string().max(2000).optional(),
              via: z.enum(['api', 'cli', 'web']).default('api'),
            })
            .strict()
            .default({ via: 'api' }),
        },
      },
      async (request): Promise<AckResult> => {
        const result = await acknowledgePage(deps, actorOf(request), request.params.id, request.body);
        const page = await getPage(deps, actorOf(request), result.page.id);
        return { page, alreadyAcknowledged: result.alreadyAcknowledged, stopped: result.stopped };
      },
    );
    // Mattermost's button posts JSON, unsigned: the signed token in its context is the authority.
    app.post(
      '/integrations/mattermost/actions',
      { config: { public: true }, schema: { hide: true, body: mattermostActionSchema } },
      async (request) => mattermostAction(deps, request.body),
    );
    // Acknowledgement forms and Slack's interactivity requests are form-encoded: accepted (as text) only on
    // these public routes; every other route takes JSON alone.
    await app.register(async (scope) => {
      const forms = scope.withTypeProvider<ZodTypeProvider>();
      forms.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_request, body, done) => done(null, body),
      );
      // The signed link: opening it only shows a button (mail scanners open links); the button acknowledges.
      forms.get(
        '/pages/ack/:token',
        { config: { public: true }, schema: { hide: true, params: tokenParams } },
        async (_request, reply) =>
          reply
            .type('text/html; charset=utf-8')
            .send(
              html(
                'Acknowledge page',
                `<h1>Acknowledge this page?</h1><p>Acknowledging tells Cordon you are on it: nobody else will be paged for this step.</p><form method="post"><button type="submit" style="font-size:1.2rem;padding:.6rem 1.2rem">Acknowledge</button></form>`,
              ),
            ),
      );
      forms.post(
        '/pages/ack/:token',
        { config: { public: true }, schema: { hide: true, params: tokenParams } },
        async (request, reply) => {
          const wantsJson = (request.headers.accept ?? '').includes('application/json');
          try {
            const result = await acknowledgeByToken(deps, request.params.token, 'link', null);
            if (wantsJson)
              return {
                acknowledged: true,
                alreadyAcknowledged: result.alreadyAcknowledged,
                stopped: result.stopped,
              };
            const stopped = result.stopped.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
            return reply
              .type('text/html; charset=utf-8')
              .send(
                html(
                  'Acknowledged',
                  `<h1>${result.alreadyAcknowledged ? 'Already acknowledged' : 'Acknowledged'}</h1><p>Thank you, ${escapeHtml(result.page.recipientName)}.</p>${stopped ? `<ul>${stopped}</ul>` : ''}`,
                ),
              );
          } catch (error) {
            if (wantsJson || !isAppError(error)) throw error;
            return reply
              .status(error.status)
              .type('text/html; charset=utf-8')
              .send(html('Not acknowledged', `<h1>Not acknowledged</h1><p>${escapeHtml(error.message)}</p>`));
          }
        },
      );
      forms.post(
        '/integrations/slack/actions',
        { config: { public: true }, schema: { hide: true } },
        async (request) =>
          slackAction(deps, request.headers, typeof request.body === 'string' ? request.body : ''),
      );
    });
    app.get('/incidents/:key/escalations', { schema: { tags, params: incidentParams } }, async (request) =>
      incidentEscalations(deps, actorOf(request), request.params.key),
    );
    app.get('/events/:ref/escalations', { schema: { tags, params: eventParams } }, async (request) =>
      eventEscalations(deps, actorOf(request), request.params.ref),
    );
  };
}
