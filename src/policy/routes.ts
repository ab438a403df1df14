import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { activatePolicy, uploadPolicy } from './upload-policy.ts';
import { getActivePolicy, getPolicyVersion, listPolicyVersionRows, type PolicyVersion } from './versions.ts';

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

const present = (v: PolicyVersion) => ({
  version: v.version,
  name: v.name,
  title: v.title,
  sha256: v.sha256,
  active: v.active,
  activatedAt: v.activatedAt?.toISOString() ?? null,
  activatedBy: v.activatedBy,
  createdAt: v.createdAt.toISOString(),
  document: v.document,
  source: v.source,
});

/** Every signed-in user may read the policy: it is the rulebook they are asked to follow. */
export function policyRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/policy', { schema: { tags, summary: 'The active policy' } }, async () =>
      present(await getActivePolicy(deps.db)),
    );
    app.get('/policy/versions', { schema: { tags } }, async () => ({
      items: (await listPolicyVersionRows(deps.db)).map((v) => ({
        ...v,
        createdAt: v.createdAt.toISOString(),
        activatedAt: v.activatedAt?.toISOString() ?? null,
      })),
    }));
    app.get('/policy/versions/:version', { schema: { tags, params: versionParams } }, async (request) => {
      const v = await getPolicyVersion(deps.db, request.params.version);
      const active = await getActivePolicy(deps.db);
      return present({ ...v, active: v.version === active.version });
    });
    app.post(
      '/policy',
      { schema: { tags, summary: 'Upload a new policy version', body: uploadSchema } },
      async (request, reply) =>
        reply.status(201).send(present(await uploadPolicy(deps, actorOf(request), request.body))),
    );
    app.post(
      '/policy/versions/:version/activate',
      { schema: { tags, params: versionParams } },
      async (request) => present(await activatePolicy(deps, actorOf(request), request.params.version)),
    );
  };
}
