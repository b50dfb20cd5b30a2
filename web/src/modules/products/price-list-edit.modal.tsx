import { useState, type FormEvent } from 'react';
import { Autocomplete, Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { useSession } from '../auth/auth.api.ts';
import { useCreatePriceList, useUpdatePriceList } from './price-lists.api.ts';
import type { PriceList } from './products.types.ts';

/** Offered first; any other ISO 4217 code can be typed. */
const COMMON_CURRENCIES = ['RUB', 'USD', 'EUR', 'KZT', 'BYN'];
const MAX_NAME_LENGTH = 200;

interface PriceListEditModalProps {
  /** Absent: a new list. Given: rename it (a list's currency never changes). */
  priceList?: PriceList;
  onClose: () => void;
}

export function PriceListEditModal({ priceList, onClose }: PriceListEditModalProps) {
  const { t } = useTranslation();
  const me = useSession();
  const create = useCreatePriceList();
  const update = useUpdatePriceList();
  const [name, setName] = useState(priceList?.name ?? '');
  const [currency, setCurrency] = useState(priceList?.currency ?? me.workspace?.currency ?? 'RUB');
  const [isDefault, setDefault] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const isNew = priceList === undefined;

  // The toast says what went wrong; a refused name or currency is also shown at its input.
  const onError = (error: unknown) => {
    if (!isApiError(error)) return;
    setErrors(Object.fromEntries(Object.entries(error.fieldErrors()).filter(([field]) => field === 'name' || field === 'currency')));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const found: Record<string, string> = {};
    if (!trimmed) found.name = t('form.required');
    if (isNew && !/^[A-Z]{3}$/.test(currency)) found.currency = t('priceLists.currencyInvalid');
    setErrors(found);
    if (Object.keys(found).length > 0) return;

    const onSuccess = () => {
      notifySuccess(t(isNew ? 'priceLists.created' : 'priceLists.saved', { name: trimmed }));
      onClose();
    };
    if (priceList) update.mutate({ id: priceList.id, name: trimmed }, { onSuccess, onError });
    else create.mutate({ name: trimmed, currency, is_default: isDefault }, { onSuccess, onError });
  };

  return (
    <Modal opened onClose={onClose} title={isNew ? t('priceLists.addTitle') : t('priceLists.renameTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput
            label={t('priceLists.name')}
            placeholder={t('priceLists.namePlaceholder')}
            required
            maxLength={MAX_NAME_LENGTH}
            value={name}
            error={errors.name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
          />
          {isNew && (
            <>
              <Autocomplete
                label={t('priceLists.currency')}
                description={t('priceLists.currencyHint')}
                required
                maxLength={3}
                data={COMMON_CURRENCIES}
                value={currency}
                error={errors.currency}
                onChange={(value) => setCurrency(value.toUpperCase())}
                comboboxProps={{ withinPortal: true }}
              />
              <Checkbox
                label={t('priceLists.makeDefault')}
                description={t('priceLists.defaultHint')}
                checked={isDefault}
                onChange={(event) => setDefault(event.currentTarget.checked)}
              />
            </>
          )}
        </Stack>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>{isNew ? t('common.create') : t('common.save')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
