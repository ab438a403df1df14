import {
  Alert,
  Button,
  Code,
  FileButton,
  Group,
  List,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { ImportSummary } from '../../api/types.ts';

type Format = 'yaml' | 'csv';

const CSV_COLUMNS = 'handle,name,title,email,phone,chat,username,supervisor,teams,positions,timezone';
const YAML_EXAMPLE = `people:
  - { handle: dana, name: Dana Diaz, title: Manager of DevOps, email: dana@example.com,
      phone: "+15550000002", chatHandle: U0DANA, username: dana, positions: [manager-of-devops] }
teams:
  devops: { email: devops@example.com, members: [dana] }
positions:
  cto: carl
schedules:
  on-call-engineers: { name: On-call engineers, timeZone: UTC, rotation: weekly,
    handoffTime: "09:00", handoffDay: 1, startDate: "2026-03-02", participants: [dana] }`;

/**
 * Imports people, teams, positions and on-call schedules from YAML or CSV, pasted or picked from a file.
 * All or nothing: a file with a problem changes nothing, and each problem is listed with its row or path.
 */
export function ImportSection() {
  const queryClient = useQueryClient();
  const helpId = useId();
  const [format, setFormat] = useState<Format>('yaml');
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const resetRef = useRef<() => void>(null);
  const run = useMutation({
    mutationFn: () => post<ImportSummary>('/directory/import', { format, content }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['directory'] });
      void queryClient.invalidateQueries({ queryKey: ['oncall'] });
    },
  });
  const pick = async (file: File | null) => {
    resetRef.current?.();
    if (!file) return;
    setFileName(file.name);
    if (/\.csv$/i.test(file.name)) setFormat('csv');
    else if (/\.ya?ml$/i.test(file.name)) setFormat('yaml');
    setContent(await file.text());
    run.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (content.trim()) run.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Import the directory">
      <Stack gap="sm">
        <Text size="sm" id={helpId}>
          People are matched by handle: existing ones are updated, new ones added. Nothing changes unless the
          whole file is valid. CSV: one person per row with the header{' '}
          <Code style={{ overflowWrap: 'anywhere' }}>{CSV_COLUMNS}</Code> (teams and positions separated by{' '}
          <Code>;</Code>). YAML can also set teams, positions and on-call schedules.
        </Text>
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            aria-label="Format"
            value={format}
            onChange={(v) => setFormat(v === 'csv' ? 'csv' : 'yaml')}
            data={[
              { value: 'yaml', label: 'YAML' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
          <FileButton
            onChange={pick}
            resetRef={resetRef}
            accept=".yaml,.yml,.csv,text/csv,text/yaml,application/yaml"
            inputProps={{ 'aria-label': 'Directory file' }}
          >
            {(props) => (
              <Button variant="default" {...props}>
                Choose a file…
              </Button>
            )}
          </FileButton>
          {fileName && <Text size="sm">{fileName}</Text>}
        </Group>
        <Textarea
          label={format === 'csv' ? 'CSV to import' : 'YAML to import'}
          aria-describedby={helpId}
          placeholder={format === 'csv' ? `${CSV_COLUMNS}\ndana,Dana Diaz,…` : YAML_EXAMPLE}
          value={content}
          onChange={(e) => {
            setContent(e.currentTarget.value);
            setFileName(null);
          }}
          autosize
          minRows={8}
          maxRows={24}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
          spellCheck={false}
        />
        <ErrorAlert error={run.error} title="Nothing was imported" />
        {run.data && <ImportResult summary={run.data} />}
        <Group>
          <Button type="submit" loading={run.isPending} disabled={!content.trim()}>
            Import
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ImportResult({ summary: s }: { summary: ImportSummary }) {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return (
    <Alert color="green" title="Imported" role="status">
      <List size="sm">
        <List.Item>
          People: {s.people.added} added, {s.people.updated} updated
        </List.Item>
        <List.Item>{n(s.teams, 'team', 'teams')}</List.Item>
        <List.Item>{n(s.positions, 'position', 'positions')}</List.Item>
        <List.Item>{n(s.schedules, 'on-call schedule', 'on-call schedules')}</List.Item>
      </List>
    </Alert>
  );
}
