import { useState } from 'react';
import { Alert, Box, Button, Card, Code, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IconSend, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../api/query.client.ts';
import { PersonAdder, type PersonHit } from '../customers/index.ts';
import { describeTemplateError, previewDraft, useTestSend } from './templates.api.ts';
import type { TemplateInput } from './templates.types.ts';

const NO_ONE: ReadonlySet<string> = new Set();

interface TemplatePreviewProps {
  draft: Pick<TemplateInput, 'channel' | 'locale' | 'subject' | 'body'>;
  /** A saved template can be sent to oneself; its saved version is what goes. */
  savedId: string | null;
  canTestSend: boolean;
}

/** The editor's live preview: what the draft renders to as a chosen person (or the sample one), HTML and plain text, and a test send. */
export function TemplatePreview({ draft, savedId, canTestSend }: TemplatePreviewProps) {
  const { t } = useTranslation();
  const [person, setPerson] = useState<PersonHit | null>(null);
  const [debounced] = useDebouncedValue(draft, 500);
  const personId = person?.id ?? null;
  const preview = useQuery({
    queryKey: ['marketing', 'templates', 'preview', debounced, personId],
    queryFn: () => previewDraft(debounced, personId),
    enabled: debounced.body.trim() !== '',
    placeholderData: keepPreviousData,
    retry: false,
    meta: { isSilent: true },
  });
  const testSend = useTestSend();
  const rendered = preview.data;
  const failure = preview.error ? describeTemplateError(preview.error) : null;

  return (
    <Card withBorder radius="md">
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t('templates.preview.title')}</Title>
          {preview.isFetching && <Loader size="xs" />}
        </Group>
        <Group gap="xs" align="flex-end">
          <Stack gap={2}>
            <Text size="sm" fw={500}>{t('templates.preview.as')}</Text>
            <Group gap="xs">
              <IconUser size={16} />
              <Text size="sm" data-testid="template-preview-person">{person ? person.full_name || person.email || person.id : t('templates.preview.sample')}</Text>
              {person && <Button variant="subtle" size="compact-xs" onClick={() => setPerson(null)}>{t('templates.preview.useSample')}</Button>}
            </Group>
          </Stack>
        </Group>
        <PersonAdder ariaLabel={t('templates.preview.as')} placeholder={t('templates.preview.pickPerson')} excluded={NO_ONE} onAdd={setPerson} w={340} />
        {failure && (
          <Alert color="red" title={t('templates.preview.failed')} data-testid="template-preview-error">
            {failure.detail ?? failure.title}
          </Alert>
        )}
        {rendered && (
          <Stack gap="xs" data-testid="template-preview">
            {rendered.subject !== undefined && (
              <Text size="sm"><Text span c="dimmed">{t('templates.preview.subject')}</Text> <span data-testid="template-preview-subject">{rendered.subject}</span></Text>
            )}
            {rendered.html ? (
              <Tabs defaultValue="html" keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="html">{t('templates.preview.html')}</Tabs.Tab>
                  <Tabs.Tab value="text">{t('templates.preview.text')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="html" pt="xs">
                  {/* No scripts or forms run in the previewed email: an empty sandbox allows nothing. */}
                  <Box component="iframe" title={t('templates.preview.frameTitle')} sandbox="" srcDoc={rendered.html}
                    style={{ width: '100%', height: 520, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4, background: 'white' }} />
                </Tabs.Panel>
                <Tabs.Panel value="text" pt="xs">
                  <Code block data-testid="template-preview-text">{rendered.text}</Code>
                </Tabs.Panel>
              </Tabs>
            ) : (
              <Code block data-testid="template-preview-text">{rendered.text}</Code>
            )}
          </Stack>
        )}
        {savedId && canTestSend && (
          <Group>
            <Button variant="default" leftSection={<IconSend size={16} />} loading={testSend.isPending}
              onClick={() => testSend.mutate({ id: savedId, personId }, { onSuccess: (sent) => notifySuccess(t('templates.testSent', { to: sent.to })) })}>
              {t('templates.testSend')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
