import { Alert, Button, Code, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { CordonEvent } from '../../api/types.ts';
import { AnchorLink } from '../../app/links.tsx';
import { useMe } from '../../app/session.tsx';
import { useDraft } from '../../lib/draft.ts';
import { useActivePolicy } from '../policy/queries.ts';
import { AttachmentPicker } from './attachment-picker.tsx';
import { AttachmentUploads, useAttachmentUploads } from './attachment-uploads.tsx';
import { MyReports } from './my-reports.tsx';
import {
  emptyReport,
  type ReportDraft,
  ReportFields,
  toReportBody,
  validateReport,
} from './report-fields.tsx';

/**
 * Report a security event. The plan asks reporters to "act as good witnesses and behave as if they are
 * reporting a crime", so the form asks for the specific details one by one. The draft survives a failed
 * submit and an ended session. Attached files are sent once the report has its reference, one by one.
 */
export function ReportPage() {
  const me = useMe();
  const policy = useActivePolicy();
  const queryClient = useQueryClient();
  const initial = useMemo(() => emptyReport(), []);
  const [draft, update, clear] = useDraft<ReportDraft>(`report.${me.id}`, initial);
  const [showErrors, setShowErrors] = useState(false);
  const [filed, setFiled] = useState<CordonEvent | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const { uploads, busy, start, retry, reset } = useAttachmentUploads();
  const submit = useMutation({
    mutationFn: (body: ReturnType<typeof toReportBody>) => post<CordonEvent>('/reports', body),
    onSuccess: (event) => {
      setFiled(event);
      clear();
      setShowErrors(false);
      void queryClient.invalidateQueries({ queryKey: ['events'] });
      window.scrollTo({ top: 0 });
      const toSend = files;
      setFiles([]);
      if (toSend.length > 0) void start(event.ref, toSend);
    },
  });
  const problems = validateReport(draft);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setShowErrors(true);
    if (Object.keys(problems).length > 0) return;
    submit.mutate(toReportBody(draft));
  };

  if (filed) {
    return (
      <Container size="md" px={0}>
        <Stack>
          <Title order={1}>Report received</Title>
          <Alert color="green" title="Thank you. Your report is recorded." role="status">
            <Text>
              Your reference is{' '}
              <Code fz="lg" fw={700} data-testid="event-ref">
                {filed.ref}
              </Code>
              . Quote it if you are asked about this report or have more to add.
            </Text>
            <Text mt="xs" size="sm">
              The Security Delegate triages every report. Keep any evidence (screenshots, e-mails, files) and
              do not discuss the matter with others unless a responder asks you to.
            </Text>
          </Alert>
          <AttachmentUploads
            eventRef={filed.ref}
            uploads={uploads}
            onRetry={(u) => void retry(filed.ref, u)}
          />
          <Group>
            <Button
              disabled={busy}
              onClick={() => {
                setFiled(null);
                reset();
              }}
            >
              Report another event
            </Button>
            <AnchorLink to="/">Back to the dashboard</AnchorLink>
          </Group>
          <MyReports />
        </Stack>
      </Container>
    );
  }

  return (
    <Container size="md" px={0}>
      <form onSubmit={onSubmit} noValidate aria-labelledby="report-title">
        <Stack>
          <Title order={1} id="report-title">
            Report a security event
          </Title>
          <Text>
            {policy.data?.document.intake.reporterGuidance ??
              'Report anything suspicious right away. Act as a good witness: say exactly what you saw.'}
          </Text>
          <ReportFields draft={draft} update={update} problems={showErrors ? problems : {}} />
          <AttachmentPicker files={files} onChange={setFiles} disabled={submit.isPending} />
          <ErrorAlert error={submit.error} title="Your report was not sent — it is kept below, try again" />
          {showErrors && Object.keys(problems).length > 0 && (
            <Alert color="red" role="alert" title="Some answers are missing">
              {Object.values(problems).join(' ')}
            </Alert>
          )}
          <Group>
            <Button type="submit" size="md" loading={submit.isPending}>
              Send the report
            </Button>
            <Button
              variant="default"
              onClick={() => {
                clear();
                setFiles([]);
              }}
              type="button"
            >
              Clear the form
            </Button>
          </Group>
        </Stack>
      </form>
      <MyReports />
    </Container>
  );
}
