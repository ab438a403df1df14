import { ApiError } from '../../api/client.ts';

/** An event's file as the API lists it (`GET /events/{ref}/attachments`, `POST` answers the same). */
export type Attachment = {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  receivedAt: string;
};

/**
 * Sends one file to `POST /api/v1/events/{ref}/attachments` as multipart/form-data. XMLHttpRequest, not
 * fetch: only it reports upload progress. Failures become an `ApiError` with the server's code, like every
 * other call (api/client.ts).
 */
export function uploadAttachment(
  ref: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/events/${encodeURIComponent(ref)}/attachments`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status === 201 && body) resolve(body as Attachment);
      else reject(toApiError(xhr.status, body));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'network.unreachable', 'Cordon could not be reached. Check your connection.'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

function toApiError(status: number, body: unknown): ApiError {
  const e = (
    body as { error?: { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown } } | null
  )?.error;
  if (e && typeof e.code === 'string' && typeof e.message === 'string')
    return new ApiError(
      status,
      e.code,
      e.message,
      e.details,
      typeof e.requestId === 'string' ? e.requestId : null,
    );
  // A proxy in front of Cordon may refuse a large body with a page of its own.
  if (status === 413)
    return new ApiError(413, 'http.413', 'The file is larger than the server in front of Cordon accepts.');
  return new ApiError(status, `http.${status}`, `The server answered ${status} without an explanation.`);
}

/** 1.2 MB, 340 KB, 12 bytes: sizes as people read them (powers of 1024, like file managers on Windows). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
