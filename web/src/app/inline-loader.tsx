import { Group, Loader, Text } from '@mantine/core';

/** A small spinner and what is loading, announced to screen readers: a panel or list still on its way. */
export function InlineLoader({ label }: { label: string }) {
  return (
    <Group gap="xs" role="status">
      <Loader size="sm" aria-hidden />
      <Text size="sm">{label}</Text>
    </Group>
  );
}
