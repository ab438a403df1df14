import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The built web app (web/dist, from `npm run build:web`). */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));
export const WEB_DIST = join(WEB_ROOT, 'dist');

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PATHS = /^\/(api(\/|$)|healthz|readyz|metrics)/;

/** The page itself is never cached, so a new build is picked up at once; its assets are immutable. */
function sendApp(_request: FastifyRequest, reply: FastifyReply) {
  return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
}

/**
 * Serves the web app at `/`: its hashed assets (cached for a year), and index.html for every other GET
 * outside the server's own paths, so the app's routes (/incidents/INC-2026-0001) survive a reload. Without
 * a build, `/` says how to make one and the API works as before.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string = WEB_DIST): Promise<void> {
  if (!existsSync(join(distDir, 'index.html'))) {
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The Cordon web app is not built. Run "npm run build:web" (npm start builds it when missing).\n',
        ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    // The build writes .br and .gz beside each asset (web/vite.config.ts); browsers get the smallest.
    preCompressed: true,
    schemaHide: true,
    // Vite names assets by content hash, so they never change; caching them for a year is safe.
    setHeaders: (reply, path) => {
      if (path.startsWith(join(distDir, 'assets')))
        reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  const fallback = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    // A missing file (/assets/old-hash.js) or a server path answers 404, never the app's HTML.
    if (SERVER_PATHS.test(path) || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
    return sendApp(request, reply);
  };
  app.get('/', { config: { public: true }, schema: { hide: true } }, fallback);
  app.get('/*', { config: { public: true }, schema: { hide: true } }, fallback);
}

/**
 * `npm start` builds the web app when web/dist is missing, so a fresh clone needs no separate step. A failed
 * build is reported and the server starts anyway: the API and the CLI do not need the web app.
 */
export async function buildWebAppIfMissing(
  out: (line: string) => void = (line) => process.stdout.write(line),
): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  const started = Date.now();
  out('Building the web app into web/dist (first start)… ');
  try {
    const { build } = await import('vite');
    await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'silent' });
    out(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    out(`failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
