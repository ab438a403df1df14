import { Badge, Button, Code, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useCallback, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { describeError } from '../../api/error-alert.tsx';
import { COLORS } from '../../app/colors.ts';
import { fileKey } from './attachment-picker.tsx';
import { type Attachment, formatBytes, uploadAttachment } from './upload-attachment.ts';

type Upload = {
  key: string;
  file: File;
  status: 'waiting' | 'uploading' | 'done' | 'failed';
  progress: number;
  result: Attachment | null;
  error: unknown;
};

/**
 * Sends the report's files one by one once the report exists (the event reference names where they go).
 * A failed file keeps its error and can be sent again; the others go on regardless.
 */
export function useAttachmentUploads() {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const running = useRef(false);
  const patch = useCallback((key: string, change: Partial<Upload>) => {
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);
  const sendOne = useCallback(
    async (ref: string, key: string, file: File) => {
      patch(key, { status: 'uploading', progress: 0, error: null });
      try {
        const result = await uploadAttachment(ref, file, (progress) => patch(key, { progress }));
        patch(key, { status: 'done', progress: 1, result });
      } catch (error) {
        patch(key, { status: 'failed', error });
      }
    },
    [patch],
  );
  const start = useCallback(
    async (ref: string, files: File[]) => {
      const queued = files.map((file) => ({
        key: fileKey(file),
        file,
        status: 'waiting' as const,
        progress: 0,
        result: null,
        error: null,
      }));
      setUploads(queued);
      running.current = true;
      for (const u of queued) await sendOne(ref, u.key, u.file);
      running.current = false;
    },
    [sendOne],
  );
  const retry = useCallback(
    async (ref: string, u: Upload) => {
      if (running.current) return;
      running.current = true;
      await sendOne(ref, u.key, u.file);
      running.current = false;
    },
    [sendOne],
  );
  const reset = useCallback(() => setUploads([]), []);
  const busy = uploads.some((u) => u.status === 'uploading' || u.status === 'waiting');
  return { uploads, busy, start, retry, reset };
}

const STATUS: Record<Upload['status'], { label: string; color: string }> = {
  waiting: { label: 'Waiting', color: COLORS.neutral },
  uploading: { label: 'Sending', color: COLORS.accent },
  done: { label: 'Attached', color: COLORS.ok },
  failed: { label: 'Not attached', color: COLORS.danger },
};

/** The confirmation's list of files: progress while sending, then the SHA-256 Cordon recorded, or the error. */
export function AttachmentUploads({
  eventRef,
  uploads,
  onRetry,
}: {
  eventRef: string;
  uploads: Upload[];
  onRetry: (u: Upload) => void;
}) {
  if (uploads.length === 0) return null;
  const done = uploads.filter((u) => u.status === 'done').length;
  const failed = uploads.filter((u) => u.status === 'failed').length;
  const busy = uploads.some((u) => u.status === 'uploading' || u.status === 'waiting');
  return (
    <Stack gap="xs" aria-labelledby="attachments-title" component="section">
      <Title order={2} size="h3" id="attachments-title">
        Attachments
      </Title>
      <Text role="status" size="sm">
        {done} of {uploads.length} {uploads.length === 1 ? 'file' : 'files'} attached to {eventRef}
        {failed > 0 ? `; ${failed} not attached (the reason is shown below)` : ''}
        {busy ? '…' : '.'}
      </Text>
      <Stack gap={6} component="ul" aria-label="Attachments" style={{ listStyle: 'none', padding: 0 }}>
        {uploads.map((u) => (
          <Paper key={u.key} component="li" withBorder px="sm" py="xs" data-testid="attachment">
            <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
              <div style={{ minWidth: 0, flex: '1 1 14rem' }}>
                <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {u.file.name}
                </Text>
                <Text size="xs" c={COLORS.neutral}>
                  {formatBytes(u.file.size)}
                </Text>
              </div>
              <Badge variant="outline" color={STATUS[u.status].color}>
                {STATUS[u.status].label}
              </Badge>
            </Group>
            {u.status === 'uploading' && (
              <Progress
                mt={6}
                value={Math.round(u.progress * 100)}
                aria-label={`Sending ${u.file.name}`}
                color={COLORS.accent}
              />
            )}
            {u.status === 'done' && u.result && (
              <Text size="xs" mt={4} style={{ overflowWrap: 'anywhere' }}>
                SHA-256{' '}
                <Code title={u.result.sha256} data-testid="attachment-sha256">
                  {u.result.sha256.slice(0, 16)}…
                </Code>
              </Text>
            )}
            {u.status === 'failed' && <UploadError error={u.error} onRetry={() => onRetry(u)} busy={busy} />}
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

/** Worth sending again: the connection, the server or a limit on the rate failed, not the file itself. */
const retryable = (error: unknown) =>
  !(error instanceof ApiError) || error.status === 0 || error.status === 429 || error.status >= 500;

function UploadError({ error, onRetry, busy }: { error: unknown; onRetry: () => void; busy: boolean }) {
  const { code, message } = describeError(error);
  return (
    <Group mt={4} gap="xs" justify="space-between" wrap="wrap" role="alert">
      <Text size="xs" c={COLORS.danger} style={{ overflowWrap: 'anywhere' }}>
        {message} Error code <Code>{code}</Code>
      </Text>
      {retryable(error) && (
        <Button size="compact-sm" variant="default" onClick={onRetry} disabled={busy}>
          Send again
        </Button>
      )}
    </Group>
  );
}
