import { Badge, Group, Stack, Text } from '@mantine/core';
import type { PageDelivery } from '../../api/types.ts';
import { formatTime } from '../../lib/time.ts';
import { DELIVERY_STATUS } from './states.ts';

/** Each message sent for a page: channel, address, status, attempts and the last error in words. */
export function Deliveries({ deliveries }: { deliveries: PageDelivery[] }) {
  if (deliveries.length === 0) return <Text size="sm">No message was sent for this page.</Text>;
  return (
    <Stack
      gap={2}
      component="ul"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
      aria-label="Messages sent"
    >
      {deliveries.map((d) => {
        const look = DELIVERY_STATUS[d.status];
        return (
          <Group key={d.id} component="li" gap={6} wrap="wrap" data-delivery-status={d.status}>
            <Badge color={look.color} variant="filled" size="sm">
              {look.label}
            </Badge>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {d.channel}
              {d.address ? ` to ${d.address}` : ''}
              {d.via ? ` via ${d.via}` : ''}
              {d.deliveredAt ? ` · ${formatTime(d.deliveredAt)}` : ''}
              {d.attempts > 1 ? ` · ${d.attempts} attempts` : ''}
              {d.lastError && d.status !== 'delivered' ? ` · ${d.lastError}` : ''}
              {d.note ? ` · ${d.note}` : ''}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
