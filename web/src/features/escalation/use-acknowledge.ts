import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../../api/client.ts';
import type { AckResult, EscalationPage } from '../../api/types.ts';

/**
 * Acknowledges a page from the web app (`via: web`): the server stops that chain (repeats, fallback, later
 * steps) and says what it stopped. The pages and the subject's escalation and timeline are refetched.
 */
export function useAcknowledge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (page: EscalationPage) => post<AckResult>(`/pages/${page.id}/ack`, { via: 'web' }),
    onSuccess: (result, page) => {
      void queryClient.invalidateQueries({ queryKey: ['pages'] });
      const ref = page.subject.ref;
      if (ref) {
        void queryClient.invalidateQueries({
          queryKey: page.subject.kind === 'incident' ? ['incident', ref] : ['events', ref, 'escalations'],
        });
      }
      notifications.show({
        color: 'green',
        title: result.alreadyAcknowledged ? 'Already acknowledged' : 'Acknowledged',
        message: result.stopped.length
          ? `Stopped: ${result.stopped.join('; ')}.`
          : `${page.rule?.name ?? 'The page'} is acknowledged.`,
      });
    },
  });
}
