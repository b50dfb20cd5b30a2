import { ActionIcon, Card, Code, CopyButton, Group, SegmentedControl, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale, type Locale } from '../../i18n/i18n.setup.ts';
import type { WebForm } from './forms.types.ts';

function CopyIcon({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('webForms.copied') : label} withArrow>
          <ActionIcon variant="light" color={copied ? 'teal' : 'blue'} aria-label={label} onClick={copy}>
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** Where a saved form lives: its page, the code that puts it on a site, and how it looks there. */
export function FormPublish({ form }: { form: WebForm }) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<Locale>(currentLocale);

  return (
    <Stack>
      <Card withBorder radius="md">
        <Stack gap="sm">
          <Title order={4}>{t('webForms.publishTitle')}</Title>
          <div>
            <Text size="sm" fw={500}>{t('webForms.hostedUrl')}</Text>
            <Text size="xs" c="dimmed" mb={4}>{t('webForms.hostedUrlHint')}</Text>
            <Group gap="xs" wrap="nowrap">
              <Code data-testid="web-form-hosted-url" style={{ wordBreak: 'break-all', flex: 1 }}>{form.hosted_url}</Code>
              <CopyIcon value={form.hosted_url} label={t('webForms.copyUrl')} />
              <Tooltip label={t('webForms.open')} withArrow>
                <ActionIcon component="a" href={form.hosted_url} target="_blank" rel="noopener" variant="light" aria-label={t('webForms.open')}>
                  <IconExternalLink size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </div>
          <div>
            <Text size="sm" fw={500}>{t('webForms.embed')}</Text>
            <Text size="xs" c="dimmed" mb={4}>{t('webForms.embedHint')}</Text>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Code block data-testid="web-form-embed" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }}>{form.embed_snippet}</Code>
              <CopyIcon value={form.embed_snippet} label={t('webForms.copySnippet')} />
            </Group>
          </div>
          {!form.is_active && <Text size="sm" c="orange">{t('webForms.inactiveHint')}</Text>}
        </Stack>
      </Card>
      <Card withBorder radius="md" padding={0}>
        <Group justify="space-between" p="sm">
          <Title order={4}>{t('webForms.preview')}</Title>
          <SegmentedControl size="xs" value={language} onChange={(value) => setLanguage(value as Locale)}
            data={[{ value: 'ru', label: 'RU' }, { value: 'en', label: 'EN' }]} aria-label={t('webForms.previewLanguage')} />
        </Group>
        {/* Keyed by the last save, so the preview shows what was just saved. */}
        <iframe
          key={`${form.updated_at}-${language}`}
          title={t('webForms.preview')}
          src={`${form.hosted_url}?lang=${language}`}
          style={{ width: '100%', height: 620, border: 0, borderTop: '1px solid var(--mantine-color-default-border)' }}
        />
        <Text size="xs" c="dimmed" p="sm">{t('webForms.previewNote')}</Text>
      </Card>
    </Stack>
  );
}
