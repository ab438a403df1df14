import { ApiError } from './client.ts';

/**
 * A refused request's field problems by field name, to show beside the inputs: the server's validation
 * details (`body.phone: must be an international number…`) and the directory's `details.field`.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  if (Array.isArray(error.details)) {
    for (const d of error.details as { path?: unknown; message?: unknown }[]) {
      if (typeof d?.path !== 'string' || typeof d.message !== 'string') continue;
      const field = d.path.replace(/^(body|querystring|params)\./, '').split('.')[0];
      if (field && !out[field]) out[field] = d.message;
    }
  } else if (error.details && typeof error.details === 'object') {
    const field = (error.details as { field?: unknown }).field;
    if (typeof field === 'string') out[field] = error.message;
  }
  return out;
}
