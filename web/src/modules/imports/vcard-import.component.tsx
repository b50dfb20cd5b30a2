import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, FileInput, Group, List, Progress, Stack, Table, Text } from '@mantine/core';
import { IconAddressBook, IconAlertTriangle, IconCircleCheck, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { RecordLink, type ObjectTypeMeta } from '../records/index.ts';
import { useImportVcards } from './imports.api.ts';
import type { VcardImportResult } from './imports.types.ts';

/** How many created people and skipped cards are listed; the counts say how many more there are. */
const SHOWN_ROWS = 50;
const SHOWN_ERRORS = 20;

/** `cards.3.email` → card 4 and its field; the server counts cards from 0. */
function cardOf(field: string): { card: number; field: string } | null {
  const match = /^cards\.(\d+)\.?(.*)$/.exec(field);
  return match ? { card: Number(match[1]) + 1, field: match[2] ?? '' } : null;
}

function VcardResult({ result, personType }: { result: VcardImportResult; personType: ObjectTypeMeta }) {
  const { t } = useTranslation();
  const created = result.created_ids.slice(0, SHOWN_ROWS);
  const skipped = result.skipped.slice(0, SHOWN_ROWS);
  return (
    <Stack gap="sm" data-testid="vcard-result">
      <Alert color="teal" icon={<IconCircleCheck size={18} />} title={t('vcardImport.doneTitle')}>
        <Stack gap="xs">
          <Text size="sm">{t('vcardImport.done', { created: result.created, skipped: result.skipped.length })}</Text>
          {created.length > 0 && (
            <Group gap={6}>
              {created.map((id) => <RecordLink key={id} target={personType} id={id} />)}
              {result.created_ids.length > created.length && (
                <Text size="sm" c="dimmed">{t('vcardImport.more', { count: result.created_ids.length - created.length })}</Text>
              )}
            </Group>
          )}
          <Anchor component={Link} to="/people" size="sm">{t('vcardImport.openPeople')}</Anchor>
        </Stack>
      </Alert>
      {skipped.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs" data-testid="vcard-skipped">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={120}>{t('vcardImport.card')}</Table.Th>
                <Table.Th>{t('vcardImport.existing')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {skipped.map((entry) => (
                <Table.Tr key={entry.card} title={entry.reason}>
                  <Table.Td><Text size="sm">{t('vcardImport.cardNumber', { number: entry.card + 1 })}</Text></Table.Td>
                  <Table.Td><RecordLink target={personType} id={entry.person_id} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {result.skipped.length > skipped.length && (
            <Text size="xs" c="dimmed" mt={4}>{t('vcardImport.more', { count: result.skipped.length - skipped.length })}</Text>
          )}
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** Why nothing was imported: the server's summary, then each refused card and field. */
function VcardErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const { title, detail } = describeError(error);
  const problems = isApiError(error) ? (error.problem.errors ?? []) : [];
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('vcardImport.failedTitle')} data-testid="vcard-errors">
      <Text size="sm">{detail ?? title}</Text>
      {problems.length > 1 && (
        <List size="sm" mt="xs" spacing={2}>
          {problems.slice(0, SHOWN_ERRORS).map((problem) => {
            const at = cardOf(problem.field);
            return (
              <List.Item key={`${problem.field}:${problem.message}`}>
                {at ? t('vcardImport.cardError', { number: at.card, field: at.field || '—', message: problem.message }) : problem.message}
              </List.Item>
            );
          })}
        </List>
      )}
    </Alert>
  );
}

/** People from a vCard file (3.0 or 4.0) in one step: all cards or none; known emails and phones are skipped. */
export function VcardImport({ personType }: { personType: ObjectTypeMeta }) {
  const { t } = useTranslation();
  const importVcards = useImportVcards();
  const [file, setFile] = useState<File | null>(null);
  const [share, setShare] = useState(0);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setShare(0);
    importVcards.mutate({ file, onProgress: setShare });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <FileInput
          label={t('vcardImport.file')}
          description={t('vcardImport.fileHint')}
          placeholder={t('vcardImport.filePlaceholder')}
          accept=".vcf,.vcard,text/vcard,text/x-vcard"
          leftSection={<IconAddressBook size={16} />}
          value={file}
          onChange={(next) => {
            setFile(next);
            importVcards.reset();
          }}
          disabled={importVcards.isPending}
          clearable
          maw={520}
        />
        {importVcards.isPending && <Progress value={share * 100} striped animated />}
        <Group>
          <Button type="submit" leftSection={<IconUpload size={16} />} disabled={!file} loading={importVcards.isPending}>{t('vcardImport.submit')}</Button>
        </Group>
        {importVcards.data && <VcardResult result={importVcards.data} personType={personType} />}
        {importVcards.isError && <VcardErrors error={importVcards.error} />}
      </Stack>
    </form>
  );
}
