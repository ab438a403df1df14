import { isUtf8 } from 'node:buffer';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { AppError, isAppError } from '../platform/errors.ts';
import {
  alertmanagerWebhookSchema,
  fromAlertmanager,
  fromGeneric,
  fromOcsf,
  ocsfBodySchema,
} from './adapters.ts';
import type { AlertIntake } from './alert-intake.ts';
import { parseGenericFast, parseGenericListFast } from './fast-generic.ts';
import { listSources } from './list-sources.ts';
import { presentSource } from './present.ts';
import { registerSource } from './register-source.ts';
import { revokeSource } from './revoke-source.ts';
import {
  type GenericAlert,
  genericAlertSchema,
  genericBatchSchema,
  MAX_ALERTS_PER_REQUEST,
  registerSourceSchema,
} from './schemas.ts';
import type { AlertFormat, AlertSourceRef, IngestItem, NormalizedAlert } from './types.ts';

/** A 1,000-alert batch of generous alerts fits; anything bigger is refused with 413. */
export const ALERT_BODY_LIMIT = 5 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    alertSource: AlertSourceRef | null;
  }
}

/** zod issues as the API's field errors (`details: [{ path, message }]`), like every other 400. */
export function fieldErrors(error: z.ZodError, root = 'body'): AppError {
  const details = error.issues.slice(0, 50).map((i) => ({
    path: [root, ...i.path.map(String)].join('.'),
    message: i.message,
    issue: i.code,
  }));
  const first = details[0];
  return new AppError(
    'validation.failed',
    first ? `${first.path}: ${first.message}` : 'The alert is invalid.',
    {
      details,
    },
  );
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw fieldErrors(result.error);
  return result.data;
}

const genericArray = z.array(genericAlertSchema).min(1).max(MAX_ALERTS_PER_REQUEST);

/** The common shapes by hand (`fast-generic.ts`); anything else, and every error, through zod. */
function genericList(body: unknown): GenericAlert[] {
  if (Array.isArray(body))
    return parseGenericListFast(body, MAX_ALERTS_PER_REQUEST) ?? parse(genericArray, body);
  if (body !== null && typeof body === 'object' && 'alerts' in body) {
    const fast =
      Object.keys(body).length === 1 ? parseGenericListFast(body.alerts, MAX_ALERTS_PER_REQUEST) : undefined;
    return fast ?? parse(genericBatchSchema, body).alerts;
  }
  const one = parseGenericFast(body);
  return [one ?? parse(genericAlertSchema, body)];
}

function genericAlerts(body: unknown, source: AlertSourceRef): NormalizedAlert[] {
  const list = genericList(body);
  list.forEach((a, i) => {
    if (a.source !== undefined && a.source !== source.name) {
      const path = Array.isArray(body)
        ? `body.${i}.source`
        : list.length > 1 || 'alerts' in (body as object)
          ? `body.alerts.${i}.source`
          : 'body.source';
      throw new AppError('validation.failed', `${path}: the token belongs to the source "${source.name}"`, {
        details: [{ path, message: `the token belongs to the source "${source.name}"` }],
      });
    }
  });
  return list.map(fromGeneric);
}

const malformed = (message: string) =>
  new AppError('request.malformed', message, { details: [{ path: 'body', message }] });

/**
 * Alert bodies are read as bytes: invalid UTF-8 is refused rather than silently replaced, and an object key
 * `__proto__` (however escaped) is refused rather than handed to code that copies objects.
 */
export function parseAlertJson(body: Buffer): unknown {
  if (!isUtf8(body)) throw malformed('The body is not valid UTF-8.');
  const text = body.toString('utf8');
  if (text.trim() === '') throw malformed('The body is empty.');
  try {
    if (!text.includes('proto') && !text.includes('\\u')) return JSON.parse(text);
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw malformed('The body has a "__proto__" key.');
      return value;
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw malformed('The body is not valid JSON.');
  }
}

export function alertRoutes(deps: Pick<AppDeps, 'db' | 'clock'>, intake: AlertIntake): FastifyPluginAsyncZod {
  return async (app) => {
    app.decorateRequest('alertSource', null);
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
      try {
        done(null, parseAlertJson(body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    // Detection tools authenticate with their source token, before the body is read.
    const authenticateSource = async (request: FastifyRequest) => {
      request.alertSource = await intake.sources.authenticate(request.headers.authorization);
    };
    const submit = async (
      request: FastifyRequest,
      reply: FastifyReply,
      format: AlertFormat,
      alerts: NormalizedAlert[],
    ) => {
      const source = request.alertSource;
      if (!source) throw new AppError('auth.unauthenticated', 'No alert source.');
      const items: IngestItem[] = alerts.map((alert) => ({ source, format, alert, requestId: request.id }));
      try {
        const outcomes = await intake.submit(items);
        return reply.status(200).send({ accepted: outcomes.length, items: outcomes });
      } catch (error) {
        if (isAppError(error) && error.code === 'intake.overloaded') {
          const d = error.details as { retryAfterSeconds?: number } | undefined;
          reply.header('retry-after', String(d?.retryAfterSeconds ?? 1));
        }
        throw error;
      }
    };
    const alertRoute = (summary: string) => ({
      config: { public: true },
      bodyLimit: ALERT_BODY_LIMIT,
      onRequest: authenticateSource,
      schema: { tags: ['alerts'], summary, security: [{ bearer: [] }] },
    });

    app.post(
      '/alerts',
      alertRoute('Send alerts: one generic JSON alert, an array, or { alerts: [...] }'),
      (request, reply) => {
        const source = request.alertSource as AlertSourceRef;
        return submit(request, reply, 'generic', genericAlerts(request.body, source));
      },
    );
    app.post(
      '/alerts/alertmanager',
      alertRoute('Prometheus Alertmanager webhook receiver'),
      (request, reply) =>
        submit(
          request,
          reply,
          'alertmanager',
          fromAlertmanager(parse(alertmanagerWebhookSchema, request.body)),
        ),
    );
    app.post(
      '/alerts/ocsf',
      alertRoute('OCSF Detection Finding (class 2004), one or an array'),
      (request, reply) => {
        const body = parse(ocsfBodySchema, request.body);
        return submit(request, reply, 'ocsf', (Array.isArray(body) ? body : [body]).map(fromOcsf));
      },
    );

    app.get('/alert-sources', { schema: { tags: ['alerts'] } }, async (request) => ({
      items: (await listSources(deps, actorOf(request))).map(presentSource),
    }));
    app.post(
      '/alert-sources',
      {
        schema: {
          tags: ['alerts'],
          summary: 'Register a detection tool; its token is shown once',
          body: registerSourceSchema,
        },
      },
      async (request, reply) => {
        const { source, secret } = await registerSource(deps, actorOf(request), request.body);
        intake.sources.forget(source.id);
        return reply.status(201).send({ source: presentSource(source), secret });
      },
    );
    app.delete(
      '/alert-sources/:id',
      { schema: { tags: ['alerts'], params: z.object({ id: z.uuid() }).strict() } },
      async (request, reply) => {
        await revokeSource(deps, actorOf(request), request.params.id);
        intake.sources.forget(request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
