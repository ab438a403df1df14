import { Button, Group } from '@mantine/core';

/** A filter form's buttons: send it, or clear every filter. */
export function FilterActions({ onClear }: { onClear: () => void }) {
  return (
    <Group align="flex-end" gap="xs">
      <Button type="submit">Filter</Button>
      <Button variant="subtle" onClick={onClear}>
        Clear
      </Button>
    </Group>
  );
}
