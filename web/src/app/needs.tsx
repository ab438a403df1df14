import { Alert, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useMe } from './session.tsx';

/**
 * Screens that need a permission say so plainly to someone without it (the server refuses them anyway).
 * Which roles grant what is the policy's business: see the Policy screen.
 */
export function Needs({
  permission,
  title,
  children,
}: {
  permission: string;
  title: string;
  children: ReactNode;
}) {
  const me = useMe();
  if (me.permissions.includes(permission)) return children;
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <Alert color="gray" title="Not available to you" role="status">
        <Text size="sm">
          This screen needs the <code>{permission}</code> permission, which none of your roles (
          {me.roles.join(', ') || 'none'}) grants under the active policy. To report something, use “Report an
          event”.
        </Text>
      </Alert>
    </Stack>
  );
}
