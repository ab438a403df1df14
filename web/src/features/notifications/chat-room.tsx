import { Anchor, Button, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { useCan } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';
import { chatRoomQuery } from './queries.ts';

/**
 * The incident's dedicated Slack channel ("If necessary, a dedicated Slack channel will be created for the
 * incident"): its name, or a button to open one. A job opens it; the page hears of it live.
 */
export function ChatRoomSection({ incidentKey }: { incidentKey: string }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const room = useQuery(chatRoomQuery(incidentKey));
  const open = useMutation({
    mutationFn: () => post<{ requested: boolean }>(`/incidents/${incidentKey}/chat-room`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['incident', incidentKey] }),
  });
  const r = room.data;
  return (
    <Stack gap={6} data-testid="chat-room">
      <ErrorAlert error={room.error} title="The chat channel could not be loaded" />
      {r?.room && (
        <Text size="sm">
          Slack channel{' '}
          <Anchor
            href={`https://slack.com/app_redirect?channel=${encodeURIComponent(r.room.roomId)}`}
            target="_blank"
            rel="noreferrer"
            fw={600}
          >
            #{r.room.name}
          </Anchor>
          , opened {formatTime(r.room.openedAt)}.
        </Text>
      )}
      {r && !r.room && (
        <Text size="sm">
          No dedicated chat channel.{r.reason ? ` ${r.reason}` : ''}
          {open.isSuccess ? ' Asked for: it opens in a moment.' : ''}
        </Text>
      )}
      {r?.canOpen && can('incident.update') && !open.isSuccess && (
        <Button
          size="compact-sm"
          variant="default"
          style={{ alignSelf: 'flex-start' }}
          loading={open.isPending}
          onClick={() => open.mutate()}
        >
          Open a Slack channel
        </Button>
      )}
      <ErrorAlert error={open.error} title="No chat channel was opened" />
    </Stack>
  );
}
