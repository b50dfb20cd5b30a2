import { useState } from 'react';
import { Button, Center, Loader, Stepper } from '@mantine/core';
import { IconArrowsExchange, IconLock, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { useObjectTypes } from '../records/index.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';
import { ImportMappingStep, type ImportChoice } from './import-mapping.component.tsx';
import { importableTypes } from './import-permissions.ts';
import { ImportProgressStep } from './import-progress.component.tsx';
import { RecentImports } from './import-recent.component.tsx';
import { ImportUpload } from './import-upload.component.tsx';
import { useImportAgain, useUploadImport } from './imports.api.ts';
import type { UploadedImport } from './imports.types.ts';

/** The file and the choices made for it, kept so a dry run can be followed by the real import. */
interface CheckedFile {
  objectType: string;
  file: File;
  choice: ImportChoice;
}

type WizardState =
  | { step: 'file' }
  | { step: 'mapping'; upload: UploadedImport; file: File; choice?: ImportChoice }
  | { step: 'run'; importId: string; checked?: CheckedFile };

const STEP_INDEX = { file: 0, mapping: 1, run: 2 } as const;

function DryRunFollowUps({ checked, onMapping, onStarted }: {
  checked: CheckedFile;
  onMapping: (upload: UploadedImport) => void;
  onStarted: (importId: string) => void;
}) {
  const { t } = useTranslation();
  const upload = useUploadImport();
  const importAgain = useImportAgain();
  const isBusy = upload.isPending || importAgain.isPending;

  const changeMapping = () => upload.mutate({ objectType: checked.objectType, file: checked.file }, { onSuccess: onMapping });
  const runForReal = () => importAgain.mutate(
    { objectType: checked.objectType, file: checked.file, input: { ...checked.choice, dry_run: false } },
    { onSuccess: (job) => onStarted(job.id) },
  );

  return (
    <>
      <Button variant="light" leftSection={<IconArrowsExchange size={16} />} onClick={changeMapping} loading={upload.isPending} disabled={isBusy}>
        {t('imports.changeMapping')}
      </Button>
      <Button leftSection={<IconPlayerPlay size={16} />} onClick={runForReal} loading={importAgain.isPending} disabled={isBusy}>
        {t('imports.runForReal')}
      </Button>
    </>
  );
}

function ImportWizard({ objectTypes }: { objectTypes: ObjectTypeMeta[] }) {
  const { t } = useTranslation();
  const [state, setState] = useState<WizardState>({ step: 'file' });
  const reset = () => setState({ step: 'file' });

  const renderStep = () => {
    if (state.step === 'file') {
      return (
        <>
          <ImportUpload objectTypes={objectTypes} onUploaded={(upload, file) => setState({ step: 'mapping', upload, file })} />
          <RecentImports objectTypes={objectTypes} onOpen={(job) => setState({ step: 'run', importId: job.id })} />
        </>
      );
    }
    if (state.step === 'mapping') {
      const { upload, file } = state;
      const objectType = objectTypes.find((candidate) => candidate.type === upload.object_type);
      if (!objectType) return null;
      return (
        <ImportMappingStep
          objectType={objectType}
          upload={upload}
          choice={state.choice}
          onBack={reset}
          onStarted={(job, choice) => setState({ step: 'run', importId: job.id, checked: { objectType: objectType.type, file, choice } })}
        />
      );
    }
    const { checked } = state;
    return (
      <ImportProgressStep
        key={state.importId}
        importId={state.importId}
        onNewImport={reset}
        afterDryRun={checked && (
          <DryRunFollowUps
            checked={checked}
            onMapping={(upload) => setState({ step: 'mapping', upload, file: checked.file, choice: checked.choice })}
            onStarted={(importId) => setState({ step: 'run', importId })}
          />
        )}
      />
    );
  };

  return (
    <>
      <Stepper active={STEP_INDEX[state.step]} size="sm" mb="xl">
        <Stepper.Step label={t('imports.steps.file')} />
        <Stepper.Step label={t('imports.steps.mapping')} />
        <Stepper.Step label={t('imports.steps.run')} />
      </Stepper>
      {renderStep()}
    </>
  );
}

/** CSV import: upload a file, match its columns to fields, try it, import it. */
export function ImportPage() {
  const { t } = useTranslation();
  const me = useSession();
  const objectTypes = useObjectTypes();
  const types = importableTypes(me, objectTypes.data).flatMap((type) => objectTypes.data?.find((candidate) => candidate.type === type) ?? []);

  const renderBody = () => {
    if (objectTypes.isPending) return <Center py="xl"><Loader /></Center>;
    if (types.length === 0) {
      return <EmptyPlaceholder icon={<IconLock size={28} />} title={t('errors.noAccessTitle')} description={t('errors.noAccessText')} />;
    }
    return <ImportWizard objectTypes={types} />;
  };

  return (
    <>
      <PageHeader title={t('imports.title')} description={t('imports.description')} />
      {renderBody()}
    </>
  );
}
