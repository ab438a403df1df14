import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client.ts';
import type { CordonEvent, Incident } from '../../api/types.ts';

export type Disposition =
  | { action: 'dismiss'; reason: string; note?: string }
  | { action: 'merge'; incidentKey: string; note?: string }
  | {
      action: 'promote';
      type: string;
      severity: string;
      title?: string;
      note?: string;
      visibility?: 'normal' | 'restricted';
      suspectedInternalActor?: boolean;
    };

/** Records the decision; the form stays filled in when the server refuses it. */
export function useDisposition(event: CordonEvent, onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Disposition) =>
      post<{ event: CordonEvent; incident: Incident | null }>(`/events/${event.ref}/disposition`, body),
    onSuccess: (result, body) => {
      void queryClient.invalidateQueries({ queryKey: ['events'] });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
      const key = result.incident?.key ?? result.event.disposition?.incidentKey;
      notifications.show({
        color: 'green',
        title: `${event.ref} ${body.action === 'dismiss' ? 'dismissed' : body.action === 'merge' ? 'merged' : 'promoted'}`,
        message: key ? `Now part of ${key}.` : 'The decision is recorded.',
      });
      onDone();
    },
  });
}
