import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { listCovers, releaseCover, takeCover } from './cover.ts';
import { importDirectory } from './import-directory.ts';
import { createPerson, getPerson, listPeople, setAvailability, updatePerson } from './people.ts';
import {
  addOverride,
  listSchedules,
  listShifts,
  putSchedule,
  removeOverride,
  whoIsOnCall,
} from './schedules.ts';
import {
  availabilitySchema,
  coverSchema,
  handle,
  importSchema,
  onCallQuerySchema,
  overrideSchema,
  personPatchSchema,
  personSchema,
  positionSchema,
  scheduleSchema,
  shiftsQuerySchema,
  teamSchema,
} from './schemas.ts';
import { listPositions, listTeams, putPosition, putTeam } from './teams.ts';

const tags = ['directory'];
const handleParams = z.object({ handle }).strict();
const policyKey = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a policy key such as devops');
const teamParams = z.object({ team: policyKey }).strict();
const positionParams = z.object({ position: policyKey }).strict();
const scheduleParams = z.object({ schedule: policyKey }).strict();

export function directoryRoutes(deps: Pick<AppDeps, 'db' | 'clock' | 'jobs'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/directory/people', { schema: { tags } }, async (request) => listPeople(deps, actorOf(request)));
    app.post('/directory/people', { schema: { tags, body: personSchema } }, async (request, reply) =>
      reply.status(201).send(await createPerson(deps, actorOf(request), request.body)),
    );
    app.get('/directory/people/:handle', { schema: { tags, params: handleParams } }, async (request) =>
      getPerson(deps, actorOf(request), request.params.handle),
    );
    app.patch(
      '/directory/people/:handle',
      { schema: { tags, params: handleParams, body: personPatchSchema } },
      async (request) => updatePerson(deps, actorOf(request), request.params.handle, request.body),
    );
    app.put(
      '/directory/people/:handle/availability',
      {
        schema: {
          tags,
          summary: 'Mark unavailable until a time, or available',
          params: handleParams,
          body: availabilitySchema,
        },
      },
      async (request) => setAvailability(deps, actorOf(request), request.params.handle, request.body),
    );
    app.get('/directory/teams', { schema: { tags } }, async (request) => listTeams(deps, actorOf(request)));
    app.put(
      '/directory/teams/:team',
      { schema: { tags, params: teamParams, body: teamSchema } },
      async (request) => putTeam(deps, actorOf(request), request.params.team, request.body),
    );
    app.get('/directory/positions', { schema: { tags } }, async (request) =>
      listPositions(deps, actorOf(request)),
    );
    app.put(
      '/directory/positions/:position',
      { schema: { tags, params: positionParams, body: positionSchema } },
      async (request) => putPosition(deps, actorOf(request), request.params.position, request.body.holder),
    );
    app.post(
      '/directory/import',
      {
        schema: {
          tags,
          summary: 'Import people, teams, positions and schedules (YAML or CSV)',
          body: importSchema,
        },
      },
      async (request) => importDirectory(deps, actorOf(request), request.body),
    );
    app.get('/oncall/schedules', { schema: { tags } }, async (request) =>
      listSchedules(deps, actorOf(request)),
    );
    app.put(
      '/oncall/schedules/:schedule',
      { schema: { tags, params: scheduleParams, body: scheduleSchema } },
      async (request) => putSchedule(deps, actorOf(request), request.params.schedule, request.body),
    );
    app.get(
      '/oncall/schedules/:schedule/shifts',
      { schema: { tags, params: scheduleParams, querystring: shiftsQuerySchema } },
      async (request) => listShifts(deps, actorOf(request), request.params.schedule, request.query),
    );
    app.post(
      '/oncall/schedules/:schedule/overrides',
      { schema: { tags, params: scheduleParams, body: overrideSchema } },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addOverride(deps, actorOf(request), request.params.schedule, request.body)),
    );
    app.delete(
      '/oncall/schedules/:schedule/overrides/:id',
      { schema: { tags, params: scheduleParams.extend({ id: z.uuid() }).strict() } },
      async (request) => removeOverride(deps, actorOf(request), request.params.schedule, request.params.id),
    );
    app.get(
      '/oncall/now',
      { schema: { tags, summary: 'Who is on call now, or at any time', querystring: onCallQuerySchema } },
      async (request) => whoIsOnCall(deps, actorOf(request), request.query),
    );
    app.get('/oncall/covers', { schema: { tags } }, async (request) => {
      actorOf(request);
      return listCovers(deps);
    });
    app.post(
      '/oncall/covers',
      {
        schema: {
          tags,
          summary: 'The on-call engineer acts as a role nobody available holds',
          body: coverSchema,
        },
      },
      async (request, reply) => reply.status(201).send(await takeCover(deps, actorOf(request), request.body)),
    );
    app.delete(
      '/oncall/covers/:role',
      { schema: { tags, params: z.object({ role: z.string().min(1).max(64) }).strict() } },
      async (request, reply) => {
        await releaseCover(deps, actorOf(request), request.params.role);
        return reply.status(204).send();
      },
    );
  };
}
