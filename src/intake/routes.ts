import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/http.ts';
import type { AppDeps } from '../app/deps.ts';
import { AppError } from '../platform/errors.ts';
import { attachFile, type IncomingFile } from './attach-file.ts';
import { submitReportSchema } from './schemas.ts';
import { submitReport } from './submit-report.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>;

export function intakeRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/reports',
      {
        schema: { tags: ['events'], summary: 'Report a suspected security event', body: submitReportSchema },
      },
      async (request, reply) =>
        reply.status(201).send(await submitReport(deps, actorOf(request), request.body)),
    );
    await app.register(attachmentUploadRoutes(deps, deps.config.maxAttachmentBytes));
  };
}

/**
 * The one route that takes multipart/form-data, in a scope of its own: the rest of the API stays JSON only
 * (app/http.ts), and the multipart parser with its limits exists for this route alone.
 */
function attachmentUploadRoutes(deps: Deps, maxBytes: number): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(fastifyMultipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 2, headerPairs: 20, fieldNameSize: 100 },
      throwFileSizeLimit: true,
    });
    // Any other body type is refused here with what this route takes (the app-wide answer asks for JSON).
    app.addContentTypeParser('*', (_request, _payload, done) => done(notMultipart()));
    app.post(
      '/events/:ref/attachments',
      {
        schema: {
          tags: ['events'],
          summary: 'Attach one file to an event (multipart/form-data, one part named "file")',
          params: z.object({ ref: z.string().min(1).max(64) }).strict(),
        },
      },
      async (request, reply) => {
        assertNotCrossSite(request);
        if (!request.isMultipart()) throw notMultipart();
        const view = await attachFile(deps, actorOf(request), request.params.ref, () =>
          receiveOneFile(request, maxBytes),
        );
        return reply.status(201).send(view);
      },
    );
  };
}

const notMultipart = () =>
  new AppError(
    'request.unsupported_media_type',
    'Send the file as multipart/form-data, in one part named "file" (curl -F file=@name).',
  );

/**
 * multipart/form-data is a body a cross-site HTML form can send with the session cookie. SameSite=Strict
 * keeps other sites out, not sibling subdomains; browsers say where a request comes from in
 * Sec-Fetch-Site, so a session upload must come from Cordon's own pages. Tokens are never sent by a
 * browser on its own, and clients that send no Sec-Fetch-Site are not browsers.
 */
function assertNotCrossSite(request: FastifyRequest): void {
  if (request.headers.authorization) return;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new AppError('auth.forbidden', "Files can only be attached from Cordon's own pages.", {
      details: { secFetchSite: site },
    });
  }
}

/** Reads the one file of the request into memory (at most `maxBytes`), with the multipart errors in words. */
async function receiveOneFile(request: FastifyRequest, maxBytes: number): Promise<IncomingFile> {
  let file: IncomingFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      file = { filename: part.filename, contentType: part.mimetype, content: await part.toBuffer() };
    }
  } catch (error) {
    throw multipartError(error, maxBytes);
  }
  if (!file) throw new AppError('attachment.missing', 'No file in the request: send one part named "file".');
  return file;
}

function multipartError(error: unknown, maxBytes: number): AppError {
  if (error instanceof AppError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const mib = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new AppError('attachment.too_large', `The file is larger than ${mib} MiB.`, {
      details: { maxBytes },
    });
  if (code === 'FST_FILES_LIMIT')
    return new AppError('attachment.too_many_files', 'Send one file per request.', { details: { max: 1 } });
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_PROTO_VIOLATION')
    return new AppError('validation.failed', 'Send only the file: one part named "file", no other fields.');
  // Everything else busboy raises is a body that is not well-formed multipart (or was cut short).
  return new AppError('request.malformed', 'The multipart body is malformed or incomplete.', {
    cause: error,
  });
}
