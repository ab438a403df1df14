import { Alert, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useMe } from './session.tsx';

/**
 * Screens that need a permission say so plainly to someone without it (the server refuses them anyway).
 * `permission` may list several: any one of them opens the screen. Which roles grant what is the policy's
 * business: see the Policy screen.
 */
export function Needs({
  permission,
  title,
  children,
}: {
  permission: string | readonly string[];
  title: string;
  children: ReactNode;
}) {
  const me = useMe();
  const any = typeof permission === 'string' ? [permission] : permission;
  if (any.some((p) => me.permissions.includes(p))) return children;
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <Alert color="gray" title="Not available to you" role="status">
        <Text size="sm">
          This screen needs {any.length === 1 ? 'the ' : 'one of the '}
          {any.map((p, i) => (
            <span key={p}>
              {i > 0 ? (i === any.length - 1 ? ' or ' : ', ') : ''}
              <code>{p}</code>
            </span>
          ))}{' '}
          {any.length === 1 ? 'permission' : 'permissions'}, which none of your roles (
          {me.roles.join(', ') || 'none'}) grants under the active policy. To report something, use “Report an
          event”.
        </Text>
      </Alert>
    </Stack>
  );
}
