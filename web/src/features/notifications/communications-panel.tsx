import { Paper, Stack, Title } from '@mantine/core';
import type { PolicyDocument } from '../../api/types.ts';
import { ChatRoomSection } from './chat-room.tsx';
import { OutOfBandControl } from './out-of-band.tsx';

/** How the incident is communicated: out-of-band mode, and its chat channel. */
export function CommunicationsPanel({ incidentKey, doc }: { incidentKey: string; doc: PolicyDocument }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="comms-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="comms-title">
          Communications
        </Title>
        <OutOfBandControl incidentKey={incidentKey} doc={doc} />
        <ChatRoomSection incidentKey={incidentKey} />
      </Stack>
    </Paper>
  );
}
