import { useRef, useState } from 'react';
import { Alert, Anchor, Badge, Button, Center, FileButton, List, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconFileUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { PriceListItemsCard } from './price-list-items.component.tsx';
import { describeCsvProblem, type CsvProblem } from './price-list-errors.ts';
import { canConfigurePriceLists } from './price-list-permissions.ts';
import { usePriceLists, useUploadPriceListCsv } from './price-lists.api.ts';
import type { PriceList } from './products.types.ts';

/** Sets many prices from a file with SKU and price columns; all or nothing, so a bad row changes nothing. */
function CsvUploadButton({ priceList, onProblem }: { priceList: PriceList; onProblem: (problem: CsvProblem | null) => void }) {
  const { t } = useTranslation();
  const upload = useUploadPriceListCsv(priceList.id);
  const resetRef = useRef<() => void>(null);

  const onFile = (file: File | null) => {
    if (!file) return;
    onProblem(null);
    upload.mutate(file, {
      onSuccess: ({ updated, removed }) => notifySuccess(t('priceLists.csvDone', { updated, removed })),
      onError: (error) => onProblem(describeCsvProblem(error)),
      // The same file, fixed, can be picked again.
      onSettled: () => resetRef.current?.(),
    });
  };

  return (
    <FileButton onChange={onFile} accept=".csv,text/csv,text/plain" resetRef={resetRef}>
      {(props) => (
        <Button {...props} variant="default" leftSection={<IconFileUpload size={16} />} loading={upload.isPending}>{t('priceLists.csvUpload')}</Button>
      )}
    </FileButton>
  );
}

function CsvProblemAlert({ problem, onClose }: { problem: CsvProblem; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('priceLists.csvFailed')} withCloseButton onClose={onClose} data-testid="csv-problem">
      <Stack gap={4}>
        <Text size="sm">{problem.detail ?? problem.title}</Text>
        {problem.rows.length > 0 && (
          <List size="sm" spacing={2}>
            {problem.rows.map((row) => <List.Item key={row}>{row}</List.Item>)}
          </List>
        )}
        {problem.hiddenRowCount > 0 && <Text size="sm" c="dimmed">{t('priceLists.csvMoreRows', { count: problem.hiddenRowCount })}</Text>}
      </Stack>
    </Alert>
  );
}

function PriceListDetail({ priceList }: { priceList: PriceList }) {
  const { t } = useTranslation();
  const me = useSession();
  const canEdit = canConfigurePriceLists(me);
  const [csvProblem, setCsvProblem] = useState<CsvProblem | null>(null);

  return (
    <>
      <Anchor component={Link} to="/price-lists" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> {t('priceLists.title')}
      </Anchor>
      <PageHeader
        title={priceList.name}
        description={
          <>
            {priceList.currency} · {t('priceLists.itemCountText', { count: priceList.item_count })}
            {priceList.is_default && <Badge size="sm" variant="filled" ml="xs">{t('priceLists.default')}</Badge>}
          </>
        }
        actions={canEdit && <CsvUploadButton priceList={priceList} onProblem={setCsvProblem} />}
      />
      <Stack>
        {canEdit && <Text size="sm" c="dimmed">{t('priceLists.csvHint')}</Text>}
        {csvProblem && <CsvProblemAlert problem={csvProblem} onClose={() => setCsvProblem(null)} />}
        <PriceListItemsCard priceList={priceList} canEdit={canEdit} />
      </Stack>
    </>
  );
}

/** There is no single-list endpoint: the list comes from all of them, which are few. */
export function PriceListDetailPage() {
  const { id = '' } = useParams();
  const priceLists = usePriceLists();
  if (priceLists.isPending) return <Center py="xl"><Loader /></Center>;
  const priceList = priceLists.data?.find((list) => list.id === id);
  if (!priceList) return priceLists.data ? <NotFoundPage /> : null;
  return <PriceListDetail key={priceList.id} priceList={priceList} />;
}
