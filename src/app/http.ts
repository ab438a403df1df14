import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { installAuthentication } from '../access/http.ts';
import { accessRoutes } from '../access/routes.ts';
import { type AlertIntake, alertRoutes } from '../alerts/index.ts';
import { auditRoutes } from '../audit/routes.ts';
import { directoryRoutes } from '../directory/index.ts';
import { escalationRoutes } from '../escalation/index.ts';
import { incidentRoutes } from '../incidents/routes.ts';
import { intakeRoutes } from '../intake/routes.ts';
import type { LiveHub } from '../live/hub.ts';
import { liveRoutes } from '../live/routes.ts';
import { mailIntakeRoutes } from '../mail-intake/routes.ts';
import { meetingRoutes } from '../meetings/index.ts';
import { notificationRoutes } from '../notifications/index.ts';
import { assertCleanStrings } from '../platform/http/clean-input.ts';
import { installErrorHandler, sendFrameworkError } from '../platform/http/error-handler.ts';
import { policyRoutes } from '../policy/routes.ts';
import { slaRoutes } from '../sla/index.ts';
import { syslogRoutes } from '../syslog/routes.ts';
import { triageRoutes } from '../triage/routes.ts';
import type { AppConfig } from './config.ts';
import type { AppDeps } from './deps.ts';
import { installOperations, type Readiness } from './operations.ts';
import { registerWebApp } from './web.ts';

export const BODY_LIMIT = 1024 * 1024;

export interface HttpOptions {
  config: AppConfig;
  readiness: Readiness;
  live: LiveHub;
  intake: AlertIntake;
  logger?: boolean;
}

/** Builds the HTTP app without listening, so tests drive it in-process with `inject`. */
export async function buildHttpApp(deps: AppDeps, options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: options.config.logLevel },
    bodyLimit: BODY_LIMIT,
    trustProxy: options.config.trustProxy,
    genReqId: () => randomUUID(),
    // Live views hold server-sent-event connections open; closing the server must not wait for them.
    forceCloseConnections: true,
    // Errors Fastify raises before routing (a malformed URL, an over-long parameter) get our format too.
    frameworkErrors: sendFrameworkError,
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a text/plain body is how a cross-site form would try to reach the API.
  app.removeContentTypeParser(['text/plain']);
  installErrorHandler(app);
  app.addHook('preValidation', async (request) => {
    assertCleanStrings(request.params, 'params');
    assertCleanStrings(request.query, 'querystring');
    assertCleanStrings(request.body, 'body');
  });
  installOperations(app, options.readiness);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  // Security headers on every answer. Built once: @fastify/helmet built helmet's middleware again for each
  // request (parsing the CSP directives), ~11 µs of a ~145 µs single-alert request (docs/performance.md).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        // Only when Cordon is reached over https: served over plain http on a LAN address, the directive
        // makes the browser fetch every script over https and the page stays blank.
        'upgrade-insecure-requests': options.config.secureCookies ? [] : null,
      },
    },
  });
  app.addHook('onRequest', (request, reply, next) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => next(error as Error | undefined));
  });
  await app.register(fastifyCookie);
  if (options.config.rateLimitPerMinute > 0) {
    await app.register(fastifyRateLimit, { max: options.config.rateLimitPerMinute, timeWindow: '1 minute' });
  }
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cordon API',
        version: '1.0.0',
        description: 'Security incident response that enforces your written policy.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'cordon_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  installAuthentication(app, deps);

  const secureCookies = options.config.secureCookies;
  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      await api.register(accessRoutes({ ...deps, secureCookies }));
      await api.register(intakeRoutes(deps));
      await api.register(triageRoutes(deps));
      await api.register(incidentRoutes(deps));
      await api.register(policyRoutes(deps));
      await api.register(auditRoutes(deps));
      await api.register(liveRoutes(options.live));
      await api.register(directoryRoutes(deps));
      await api.register(notificationRoutes(deps));
      await api.register(escalationRoutes(deps));
      await api.register(slaRoutes(deps));
      await api.register(meetingRoutes(deps));
      await api.register(alertRoutes(deps, options.intake));
      await api.register(syslogRoutes(deps));
      await api.register(mailIntakeRoutes(deps));
    },
    { prefix: '/api/v1' },
  );
  await registerWebApp(app);
  return app;
}
