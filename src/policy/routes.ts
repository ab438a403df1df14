import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { presentPolicyVersion, presentPolicyVersions } from './present.ts';
import { activatePolicy, uploadPolicy } from './upload-policy.ts';
import { getActivePolicy, getPolicyVersion, listPolicyVersionRows } from './versions.ts';

const versionParams = z
  .object({
    version: z
      .string()
      .regex(/^[1-9]\d{0,6}$/, 'is not a version number')
      .transform(Number),
  })
  .strict();
const uploadSchema = z
  .object({
    source: z
      .string()
      .min(1)
      .max(1024 * 1024),
    activate: z.boolean().default(false),
  })
  .strict();
const tags = ['policy'];

/** Every signed-in user may read the policy: it is the rulebook they are asked to follow. */
export function policyRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/policy', { schema: { tags, summary: 'The active policy' } }, async () =>
      presentPolicyVersion(deps.db, await getActivePolicy(deps.db)),
    );
    app.get('/policy/versions', { schema: { tags } }, async () => ({
      items: await presentPolicyVersions(deps.db, await listPolicyVersionRows(deps.db)),
    }));
    app.get('/policy/versions/:version', { schema: { tags, params: versionParams } }, async (request) => {
      const v = await getPolicyVersion(deps.db, request.params.version);
      const active = await getActivePolicy(deps.db);
      return presentPolicyVersion(deps.db, { ...v, active: v.version === active.version });
    });
    app.post(
      '/policy',
      { schema: { tags, summary: 'Upload a new policy version', body: uploadSchema } },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await presentPolicyVersion(deps.db, await uploadPolicy(deps, actorOf(request), request.body)),
          ),
    );
    app.post(
      '/policy/versions/:version/activate',
      { schema: { tags, params: versionParams } },
      async (request) =>
        presentPolicyVersion(deps.db, await activatePolicy(deps, actorOf(request), request.params.version)),
    );
  };
}
