import { Alert, Code, List, Text } from '@mantine/core';
import { ApiError } from './client.ts';

type FieldIssue = { path?: string; message?: string; line?: number; column?: number };

/** Turns any failure into words, the stable error code and the request id to quote to an administrator. */
export function describeError(error: unknown): { code: string; message: string; requestId: string | null } {
  if (error instanceof ApiError)
    return { code: error.code, message: error.message, requestId: error.requestId };
  if (error instanceof Error) return { code: 'client.error', message: error.message, requestId: null };
  return { code: 'client.error', message: String(error), requestId: null };
}

function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as unknown[]).filter(
    (d): d is FieldIssue => typeof d === 'object' && d !== null && 'message' in d,
  );
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const { code, message, requestId } = describeError(error);
  const issues = fieldIssues(error);
  return (
    <Alert color="red" variant="light" title={title ?? 'That did not work'} role="alert">
      <Text size="sm">{message}</Text>
      {issues.length > 1 && (
        <List size="sm" mt="xs">
          {issues.map((i) => (
            <List.Item key={`${i.path ?? ''}${i.line ?? ''}${i.message}`}>
              {i.line ? `line ${i.line}${i.column ? `:${i.column}` : ''} ` : ''}
              {i.path ? `${i.path}: ` : ''}
              {i.message}
            </List.Item>
          ))}
        </List>
      )}
      <Text size="xs" mt="xs">
        Error code <Code>{code}</Code>
        {requestId ? (
          <>
            {' '}
            · request <Code>{requestId}</Code>
          </>
        ) : null}
      </Text>
    </Alert>
  );
}
