import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { pageJson } from '../platform/db/json-sql.ts';
import { isAppError } from '../platform/errors.ts';
import { addNote } from './add-note.ts';
import { assignRole, unassignRole } from './assign-role.ts';
import { changeSeverity } from './change-severity.ts';
import { declareIncident } from './declare-incident.ts';
import { getIncident } from './get-incident.ts';
import { getTimeline } from './get-timeline.ts';
import { listIncidents } from './list-incidents.ts';
import { getRca, writeRca } from './rca.ts';
import {
  declareIncidentSchema,
  listIncidentsQuerySchema,
  noteSchema,
  rcaSchema,
  roleAssignmentSchema,
  severitySchema,
  transitionSchema,
  updateIncidentSchema,
} from './schemas.ts';
import { transitionIncident } from './transition-incident.ts';
import { updateIncident } from './update-incident.ts';

const keyParams = z
  .object({
    key: z.string().regex(/^[A-Za-z]{3}-\d{4}-\d{1,9}$/, 'is not an incident key such as INC-2026-0001'),
  })
  .strict();
const roleParams = keyParams.extend({ role: z.string().min(1).max(64), userId: z.uuid() }).strict();
const timelineQuery = z
  .object({
    cursor: z
      .string()
      .regex(/^\d{1,9}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();
const tags = ['incidents'];

export function incidentRoutes(
  deps: Pick<AppDeps, 'db' | 'clock' | 'incidentBatcher'>,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/incidents',
      { schema: { tags, summary: 'Declare an incident', body: declareIncidentSchema } },
      async (request, reply) => {
        try {
          return reply.status(201).send(await declareIncident(deps, actorOf(request), request.body));
        } catch (error) {
          // A full group-commit queue: tell the client when to come back (RFC 9110, Retry-After).
          const retry =
            isAppError(error) && error.code === 'database.busy'
              ? (error.details as { retryAfterSeconds?: number } | undefined)
              : undefined;
          if (retry?.retryAfterSeconds) reply.header('retry-after', String(retry.retryAfterSeconds));
          throw error;
        }
      },
    );
    app.get(
      '/incidents',
      { schema: { tags, querystring: listIncidentsQuerySchema } },
      async (request, reply) =>
        reply
          .type('application/json; charset=utf-8')
          .send(pageJson(await listIncidents(deps, actorOf(request), request.query))),
    );
    app.get('/incidents/:key', { schema: { tags, params: keyParams } }, async (request) =>
      getIncident(deps, actorOf(request), request.params.key),
    );
    app.patch(
      '/incidents/:key',
      { schema: { tags, params: keyParams, body: updateIncidentSchema } },
      async (request) => updateIncident(deps, actorOf(request), request.params.key, request.body),
    );
    app.post(
      '/incidents/:key/transitions',
      { schema: { tags, summary: 'Move to another phase', params: keyParams, body: transitionSchema } },
      async (request) => transitionIncident(deps, actorOf(request), request.params.key, request.body),
    );
    app.post(
      '/incidents/:key/severity',
      { schema: { tags, params: keyParams, body: severitySchema } },
      async (request) => changeSeverity(deps, actorOf(request), request.params.key, request.body),
    );
    app.post(
      '/incidents/:key/roles',
      { schema: { tags, params: keyParams, body: roleAssignmentSchema } },
      async (request) => assignRole(deps, actorOf(request), request.params.key, request.body),
    );
    app.delete(
      '/incidents/:key/roles/:role/:userId',
      { schema: { tags, params: roleParams } },
      async (request) =>
        unassignRole(deps, actorOf(request), request.params.key, {
          role: request.params.role,
          userId: request.params.userId,
        }),
    );
    app.get(
      '/incidents/:key/timeline',
      { schema: { tags, params: keyParams, querystring: timelineQuery } },
      async (request, reply) =>
        reply
          .type('application/json; charset=utf-8')
          .send(
            pageJson(
              await getTimeline(
                deps,
                actorOf(request),
                request.params.key,
                Number(request.query.cursor ?? 0),
                request.query.limit,
              ),
            ),
          ),
    );
    app.post(
      '/incidents/:key/timeline',
      { schema: { tags, summary: 'Add a note', params: keyParams, body: noteSchema } },
      async (request, reply) => {
        const entry = await addNote(deps, actorOf(request), request.params.key, request.body.text);
        return reply.status(201).send({
          seq: entry.seq,
          kind: entry.kind,
          at: entry.at.toISOString(),
          data: entry.data,
          hash: entry.hash,
        });
      },
    );
    app.get('/incidents/:key/rca', { schema: { tags, params: keyParams } }, async (request) =>
      getRca(deps, actorOf(request), request.params.key),
    );
    app.put(
      '/incidents/:key/rca',
      { schema: { tags, summary: 'Record the root cause analysis', params: keyParams, body: rcaSchema } },
      async (request) => writeRca(deps, actorOf(request), request.params.key, request.body.body),
    );
  };
}
