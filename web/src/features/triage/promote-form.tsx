import {
  Button,
  Group,
  List,
  Radio,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { CordonEvent, PolicyDocument } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { SeverityBadge } from '../incidents/badges.tsx';
import { useDisposition } from './use-disposition.ts';

/**
 * Promote an event to an incident. "The Security Delegate shall … assign a severity based on the following
 * categories": each severity is shown with the policy's definition, examples and remediation SLA beside the
 * choice. The incident type pre-selects its default severity until one is picked by hand.
 */
export function PromoteForm({
  event,
  doc,
  onDone,
}: {
  event: CordonEvent;
  doc: PolicyDocument;
  onDone: () => void;
}) {
  const [type, setType] = useState<string | null>(null);
  const [severity, setSeverity] = useState<string | null>(null);
  const [picked, setPicked] = useState(false);
  const [title, setTitle] = useState(event.title);
  const [restricted, setRestricted] = useState(false);
  const [internal, setInternal] = useState(false);
  const [note, setNote] = useState('');
  const dispose = useDisposition(event, onDone);
  const severities = doc.severities.slice().sort((a, b) => a.rank - b.rank);

  const chooseType = (t: string | null) => {
    setType(t);
    const preset = doc.incidentTypes.find((x) => x.key === t)?.defaultSeverity;
    if (!picked && preset) setSeverity(preset);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!type || !severity) return;
    dispose.mutate({
      action: 'promote',
      type,
      severity,
      ...(title.trim() && title.trim() !== event.title ? { title: title.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(restricted ? { visibility: 'restricted' as const } : {}),
      suspectedInternalActor: internal,
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby="promote-title">
      <Stack>
        <Title order={3} size="h4" id="promote-title">
          Promote {event.ref} to an incident
        </Title>
        <Select
          label="Incident type"
          required
          searchable
          data-autofocus
          data={doc.incidentTypes.map((t) => ({ value: t.key, label: t.name }))}
          value={type}
          onChange={chooseType}
          description={doc.incidentTypes.find((t) => t.key === type)?.description}
        />
        <Radio.Group
          label="Severity"
          description="Choose by the policy's definitions."
          required
          value={severity ?? ''}
          onChange={(v) => {
            setSeverity(v);
            setPicked(true);
          }}
        >
          <Stack gap="xs" mt="xs">
            {severities.map((s) => (
              <Radio.Card key={s.key} value={s.key} p="sm" radius="sm" aria-label={`${s.key} ${s.name}`}>
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator mt={2} />
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      <SeverityBadge doc={doc} severity={s.key} />
                      <Text fw={600}>{s.name}</Text>
                      {s.remediationSla && <Text size="sm">remediate within {s.remediationSla}</Text>}
                    </Group>
                    <Text size="sm">{s.definition}</Text>
                    {s.examples.length > 0 && (
                      <List size="sm" spacing={0}>
                        {s.examples.map((x) => (
                          <List.Item key={x}>{x}</List.Item>
                        ))}
                      </List>
                    )}
                    {s.requiredBeforeClose.includes('rca') && (
                      <Text size="xs">Needs a root cause analysis before it can close.</Text>
                    )}
                  </Stack>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
        <TextInput label="Incident title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Switch
          label="Restricted (need-to-know)"
          description="Only its participants and the Security Delegate will see it."
          checked={restricted}
          onChange={(e) => setRestricted(e.currentTarget.checked)}
        />
        <Switch
          label="Suspected internal actor"
          description="The policy's Internal Issues case: handled discreetly, restricted and raised to its minimum severity."
          checked={internal}
          onChange={(e) => setInternal(e.currentTarget.checked)}
        />
        <Textarea
          label="Note"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <ErrorAlert error={dispose.error} title="Not promoted" />
        <Button type="submit" color={COLORS.danger} loading={dispose.isPending} disabled={!type || !severity}>
          Promote to a {severity ?? ''} incident
        </Button>
      </Stack>
    </form>
  );
}
