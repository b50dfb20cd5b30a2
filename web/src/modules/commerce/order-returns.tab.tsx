import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Group, Loader, NumberInput, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconInfoCircle, IconReceiptRefund } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can, fieldAccess } from '../auth/permissions.ts';
import { formatPrice } from '../products/index.ts';
import type { RecordTabProps } from '../records/index.ts';
import { useCreateOrderReturn, useOrderLines, useOrderReturns } from './order-parts.api.ts';
import { RETURNABLE_STATUSES, type OrderLine, type OrderReturn } from './order-parts.types.ts';

const remainingOf = (line: OrderLine) => Math.round((line.quantity - line.returned_quantity) * 1000) / 1000;

function ReturnsTable({ returns }: { returns: OrderReturn[] }) {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing="xs" data-testid="order-returns">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={200}>{t('orderReturns.returnedAt')}</Table.Th>
          <Table.Th>{t('orderReturns.reason')}</Table.Th>
          <Table.Th w={160} ta="right">{t('orderReturns.refund')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {returns.map((item) => (
          <Table.Tr key={item.id} data-testid="order-return">
            <Table.Td>{formatDateTime(item.returned_at)}</Table.Td>
            <Table.Td>{item.reason ?? <Text span c="dimmed" size="sm">—</Text>}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatPrice(item.total, item.currency)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

interface ReturnFormProps {
  lines: OrderLine[];
  /** Held by the tab, so the form's closing after a save keeps the save's callbacks. */
  create: ReturnType<typeof useCreateOrderReturn>;
  onDone: () => void;
}

/** Chooses how much of each line comes back; the server names a refused line (`lines.N.quantity`) and it shows at that line. */
function ReturnForm({ lines, create, onDone }: ReturnFormProps) {
  const { t } = useTranslation();
  const returnable = lines.filter((line) => remainingOf(line) > 0);
  const [quantities, setQuantities] = useState<Record<string, number | string>>({});
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const chosen = returnable
    .map((line) => ({ line_id: line.id, quantity: Number(quantities[line.id] ?? 0) }))
    .filter((line) => line.quantity > 0);

  const onQuantity = (lineId: string, quantity: number | string) => {
    setQuantities((current) => ({ ...current, [lineId]: quantity }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== lineId && key !== 'lines')));
  };

  const onServerError = (error: unknown, sent: typeof chosen) => {
    notifyError(error);
    if (!isApiError(error)) return;
    const fieldErrors = error.fieldErrors();
    for (const problem of error.problem.errors ?? []) {
      const line = lines.find((candidate) => candidate.id === sent[Number(/^lines\.(\d+)\./.exec(problem.field)?.[1])]?.line_id);
      if (problem.code === 'ORDER_RETURN_EXCEEDS' && line) fieldErrors[problem.field] = t('orderReturns.exceeds', { max: formatNumber(remainingOf(line)) });
    }
    const keyed: Record<string, string> = {};
    for (const [field, message] of Object.entries(fieldErrors)) {
      // Errors name the sent lines by position; the form keys them by order line.
      const match = /^lines\.(\d+)\./.exec(field);
      const sentLine = match ? sent[Number(match[1])] : undefined;
      keyed[sentLine ? sentLine.line_id : field] = message;
    }
    setErrors(keyed);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) {
      setErrors({ lines: t('orderReturns.nothingChosen') });
      return;
    }
    const sent = chosen;
    create.mutate({ ...(reason.trim() ? { reason: reason.trim() } : {}), lines: sent }, {
      onSuccess: () => {
        notifySuccess(t('orderReturns.saved'));
        onDone();
      },
      onError: (error) => onServerError(error, sent),
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="order-return-form">
      <Stack>
        <Table verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('orderLines.product')}</Table.Th>
              <Table.Th w={140} ta="right">{t('orderReturns.canReturn')}</Table.Th>
              <Table.Th w={180}>{t('orderReturns.quantity')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {returnable.map((line, index) => (
              <Table.Tr key={line.id}>
                <Table.Td>{line.name}</Table.Td>
                <Table.Td ta="right">{formatNumber(remainingOf(line))}</Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={t('orderReturns.quantityOf', { position: index + 1, name: line.name })}
                    min={0}
                    decimalScale={3}
                    allowNegative={false}
                    placeholder="0"
                    value={quantities[line.id] ?? ''}
                    error={errors[line.id]}
                    onChange={(quantity) => onQuantity(line.id, quantity)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Textarea label={t('orderReturns.reason')} maxLength={1000} autosize minRows={2} value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
        {errors.lines && <Text size="sm" c="red">{errors.lines}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={create.isPending}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending}>{t('orderReturns.submit')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Goods brought back from the order; a return of every line makes the order returned. */
export function OrderReturnsTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const me = useSession();
  const returns = useOrderReturns(record.id);
  const lines = useOrderLines(record.id);
  const create = useCreateOrderReturn(record.id);
  const [isFormOpen, setFormOpen] = useState(false);
  if (returns.isPending || lines.isPending) return <Center py="xl"><Loader /></Center>;
  const orderLines = lines.data?.data ?? [];
  const isReturnable = RETURNABLE_STATUSES.includes(String(record.status)) && orderLines.some((line) => remainingOf(line) > 0);
  // A return may change the order's status, so it takes the right to change it.
  const canReturn = isReturnable && can(me, 'order', 'update') && fieldAccess(me, 'order', 'status') === 'write';
  const items = returns.data ?? [];

  return (
    <Stack>
      {items.length === 0
        ? <EmptyPlaceholder icon={<IconReceiptRefund size={28} />} title={t('orderReturns.empty')} />
        : <ReturnsTable returns={items} />}
      {!isReturnable && (
        <Alert color="gray" icon={<IconInfoCircle size={18} />}>{t('orderReturns.notReturnable')}</Alert>
      )}
      {canReturn && (isFormOpen
        ? <ReturnForm lines={orderLines} create={create} onDone={() => setFormOpen(false)} />
        : (
          <Group>
            <Button leftSection={<IconReceiptRefund size={16} />} onClick={() => setFormOpen(true)}>{t('orderReturns.new')}</Button>
          </Group>
        ))}
    </Stack>
  );
}
