import { useState } from 'react';
import { Button, Card, FileInput, Group, Progress, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconDatabase, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { localized } from '../records/record-fields.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';
import { useUploadImport } from './imports.api.ts';
import type { UploadedImport } from './imports.types.ts';
import { VcardImport } from './vcard-import.component.tsx';

type ImportFormat = 'csv' | 'vcf';

interface ImportUploadProps {
  objectTypes: ObjectTypeMeta[];
  onUploaded: (upload: UploadedImport, file: File) => void;
}

/** Step 1: the record type and the file, sent up with a progress bar; or, for people, a vCard file imported at once. */
export function ImportUpload({ objectTypes, onUploaded }: ImportUploadProps) {
  const { t, i18n } = useTranslation();
  const upload = useUploadImport();
  const [type, setType] = useState(objectTypes[0]!.type);
  const [file, setFile] = useState<File | null>(null);
  const [share, setShare] = useState(0);
  const [format, setFormat] = useState<ImportFormat>('csv');

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setShare(0);
    upload.mutate({ objectType: type, file, onProgress: setShare }, { onSuccess: (uploaded) => onUploaded(uploaded, file) });
  };

  const options = (isCustomObject: boolean) => objectTypes
    .filter((objectType) => objectType.is_custom_object === isCustomObject)
    .map((objectType) => ({ value: objectType.type, label: localized(objectType.label_plural, i18n.language) }));
  const builtIn = options(false);
  const customObjects = options(true);
  const isCustomObject = customObjects.some((option) => option.value === type);
  // The workspace's own objects have a select of their own: there may be more than a row holds.
  const typeSelect = (
    <div>
      <Text size="sm" fw={500} mb={4}>{t('imports.objectType')}</Text>
      <Group gap="xs">
        {builtIn.length > 0 && (
          <SegmentedControl
            aria-label={t('imports.objectType')}
            value={isCustomObject ? '' : type}
            onChange={setType}
            disabled={upload.isPending}
            data={builtIn}
          />
        )}
        {customObjects.length > 0 && (
          <Select
            aria-label={t('imports.customObject')}
            placeholder={t('imports.customObject')}
            leftSection={<IconDatabase size={16} />}
            data={customObjects}
            value={isCustomObject ? type : null}
            onChange={(value) => value && setType(value)}
            disabled={upload.isPending}
            allowDeselect={false}
            w={240}
            comboboxProps={{ withinPortal: true }}
          />
        )}
      </Group>
    </div>
  );
  // People may come from a vCard file too, imported in one step without the mapping.
  const personType = type === 'person' ? objectTypes.find((objectType) => objectType.type === 'person') : undefined;
  const formatSelect = personType && (
    <div>
      <Text size="sm" fw={500} mb={4}>{t('vcardImport.format')}</Text>
      <SegmentedControl
        aria-label={t('vcardImport.format')}
        value={format}
        onChange={(next) => setFormat(next as ImportFormat)}
        disabled={upload.isPending}
        data={[{ value: 'csv', label: t('vcardImport.csv') }, { value: 'vcf', label: t('vcardImport.vcf') }]}
      />
    </div>
  );

  if (personType && format === 'vcf') {
    return (
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          {typeSelect}
          {formatSelect}
          <VcardImport personType={personType} />
        </Stack>
      </Card>
    );
  }

  return (
    <Card withBorder radius="md" padding="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {typeSelect}
          {formatSelect}
          <FileInput
            label={t('imports.file')}
            description={t('imports.fileHint')}
            placeholder={t('imports.filePlaceholder')}
            accept=".csv,.gz,.txt,text/csv,application/gzip"
            leftSection={<IconFileSpreadsheet size={16} />}
            value={file}
            onChange={setFile}
            disabled={upload.isPending}
            clearable
            maw={520}
          />
          {upload.isPending && (
            <div>
              <Progress value={share * 100} striped animated />
              <Text size="xs" c="dimmed" mt={4}>{t('imports.uploading', { percent: Math.round(share * 100) })}</Text>
            </div>
          )}
          <Group>
            <Button type="submit" leftSection={<IconUpload size={16} />} disabled={!file} loading={upload.isPending}>{t('imports.upload')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
