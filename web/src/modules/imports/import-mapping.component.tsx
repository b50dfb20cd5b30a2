import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Radio, Select, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconFlask, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { localized } from '../records/record-fields.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';
import { notifyImportError } from './import-errors.ts';
import { dedupeKeyFields, hasMappingProblems, importTargets, initialMapping, mappingProblems, sampleValues } from './import-mapping.ts';
import { useStartImport } from './imports.api.ts';
import { DEDUPE_MODES, type DedupeMode, type ImportJob, type ImportMapping, type UploadedImport } from './imports.types.ts';

/** The Select's value for "leave the column out"; no field is named so. */
const SKIP = '__skip__';

export interface ImportChoice {
  mapping: ImportMapping;
  dedupe: DedupeMode;
}

interface ImportMappingStepProps {
  objectType: ObjectTypeMeta;
  upload: UploadedImport;
  /** What was chosen for the same file before (when changing it after a dry run). */
  choice?: ImportChoice;
  onStarted: (job: ImportJob, choice: ImportChoice) => void;
  onBack: () => void;
}

/** Step 2: a field for each column, what to do with rows that match existing records, and the start. */
export function ImportMappingStep({ objectType, upload, choice, onStarted, onBack }: ImportMappingStepProps) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const start = useStartImport();
  const targets = importTargets(me, objectType);
  const canUpdate = can(me, objectType.type, 'update');
  const keyFields = dedupeKeyFields(objectType);
  const hasKey = keyFields.length > 0;
  const [mapping, setMapping] = useState(() => choice?.mapping ?? initialMapping(upload.columns, upload.suggested_mapping, targets));
  // Without a key nothing can match, so every row is a new record whatever the choice.
  const [dedupe, setDedupe] = useState<DedupeMode>(choice?.dedupe ?? (!hasKey ? 'create' : canUpdate ? 'update' : 'skip'));
  const keyNames = keyFields.map((field) => t('imports.dedupe.quoted', { name: localized(field.label, i18n.language) })).join(` ${t('imports.dedupe.or')} `);
  // Unmapped required fields are pointed out once the user tries to start, not while still choosing.
  const [hasTried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const problems = mappingProblems(mapping, targets);
  const mapped = new Set(Object.values(mapping));

  const options = [
    { value: SKIP, label: t('imports.mapping.skip') },
    ...targets.map((field) => ({ value: field.name, label: `${localized(field.label, i18n.language)}${field.required ? ' *' : ''}` })),
  ];

  const pick = (column: string, value: string | null) => {
    setMapping({ ...mapping, [column]: !value || value === SKIP ? null : value });
    setServerErrors(({ [`mapping.${column}`]: _cleared, ...rest }) => rest);
  };

  const run = (isDryRun: boolean) => {
    setTried(true);
    if (hasMappingProblems(problems)) return;
    setServerErrors({});
    start.mutate({ id: upload.id, input: { mapping, dedupe, dry_run: isDryRun } }, {
      onSuccess: (job) => onStarted(job, { mapping, dedupe }),
      onError: (error) => {
        const fieldErrors = isApiError(error) ? error.fieldErrors() : {};
        if (Object.keys(fieldErrors).length === 0) notifyImportError(error);
        setServerErrors(fieldErrors);
      },
    });
  };
  const isStarting = (isDryRun: boolean) => start.isPending && start.variables?.input.dry_run === isDryRun;
  const required = targets.filter((field) => field.required);
  const missingText = problems.missing.map((field) => localized(field.label, i18n.language)).join(', ');

  return (
    <Stack gap="lg">
      <Card withBorder padding={0} radius="md">
        <Group p="sm" justify="space-between" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Text size="sm" fw={500}>
            {t('imports.mapping.fileInfo', { file: upload.file_name, count: upload.columns.length, delimiter: upload.delimiter === '\t' ? 'Tab' : upload.delimiter })}
          </Text>
          {required.length > 0 && (
            <Group gap={6}>
              <Text size="sm" c="dimmed">{t('imports.mapping.required')}:</Text>
              {required.map((field) => (
                <Badge key={field.name} variant="light" color={mapped.has(field.name) ? 'teal' : hasTried ? 'red' : 'gray'}>
                  {localized(field.label, i18n.language)}
                </Badge>
              ))}
            </Group>
          )}
        </Group>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="import-mapping">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="25%">{t('imports.mapping.column')}</Table.Th>
                <Table.Th>{t('imports.mapping.samples')}</Table.Th>
                <Table.Th w={300}>{t('imports.mapping.field')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {upload.columns.map((column, index) => {
                const repeatedFrom = problems.repeated[column];
                return (
                  <Table.Tr key={column}>
                    <Table.Td><Text size="sm" fw={500}>{column}</Text></Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {sampleValues(upload.sample, index).map((value, row) => (
                          value.trim()
                            ? <Text key={row} size="xs" truncate maw={320}>{value}</Text>
                            : <Text key={row} size="xs" c="dimmed" fs="italic">{t('imports.mapping.empty')}</Text>
                        ))}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={t('imports.mapping.fieldFor', { column })}
                        data={options}
                        value={mapping[column] ?? SKIP}
                        onChange={(value) => pick(column, value)}
                        allowDeselect={false}
                        searchable
                        error={repeatedFrom !== undefined ? t('imports.mapping.repeated', { column: repeatedFrom }) : serverErrors[`mapping.${column}`]}
                        comboboxProps={{ withinPortal: true }}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      {hasTried && problems.missing.length > 0 && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>{t('imports.mapping.requiredMissing', { fields: missingText })}</Alert>
      )}
      {serverErrors.mapping && <Alert color="red" icon={<IconAlertTriangle size={18} />}>{serverErrors.mapping}</Alert>}

      {hasKey ? (
        <Radio.Group label={t('imports.dedupe.label', { fields: keyNames })} value={dedupe} onChange={(value) => setDedupe(value as DedupeMode)}>
          <Stack gap="sm" mt="xs">
            {DEDUPE_MODES.map((mode) => (
              <Radio
                key={mode}
                value={mode}
                label={t(`imports.dedupe.${mode}`)}
                // Custom objects have no duplicates review to merge in later.
                description={t(mode === 'create' && objectType.is_custom_object ? 'imports.dedupe.createHintCustom' : `imports.dedupe.${mode}Hint`)}
                disabled={mode === 'update' && !canUpdate}
              />
            ))}
          </Stack>
        </Radio.Group>
      ) : (
        <Text size="sm" c="dimmed">{t('imports.dedupe.noKey')}</Text>
      )}

      <Group justify="space-between">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack} disabled={start.isPending}>{t('imports.back')}</Button>
        <Group gap="xs">
          <Button variant="light" leftSection={<IconFlask size={16} />} onClick={() => run(true)} loading={isStarting(true)} disabled={start.isPending}>
            {t('imports.check')}
          </Button>
          <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => run(false)} loading={isStarting(false)} disabled={start.isPending}>
            {t('imports.start')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
