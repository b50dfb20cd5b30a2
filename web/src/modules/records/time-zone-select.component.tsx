import { useMemo } from 'react';
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface TimeZoneOption {
  value: string;
  label: string;
}

let zoneOptions: TimeZoneOption[] | undefined;

/** The time zones the browser knows, with their current UTC offset so "+03" finds Moscow too; built once. */
function timeZoneOptions(): TimeZoneOption[] {
  zoneOptions ??= Intl.supportedValuesOf('timeZone').map((zone) => {
    const offset = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((part) => part.type === 'timeZoneName')?.value;
    return { value: zone, label: offset ? `${zone} (${offset})` : zone };
  });
  return zoneOptions;
}

interface TimeZoneSelectProps {
  label: string;
  name: string;
  value: string | null;
  error?: string;
  required: boolean;
  readOnly?: boolean;
  clearable: boolean;
  onChange: (value: string | null) => void;
}

/** Picks an IANA time zone by searching its name or offset. */
export function TimeZoneSelect({ value, ...props }: TimeZoneSelectProps) {
  const { t } = useTranslation();
  const data = useMemo(() => {
    const options = timeZoneOptions();
    // A stored zone the browser does not list (an old alias, say) stays choosable.
    return value && !options.some((option) => option.value === value) ? [{ value, label: value }, ...options] : options;
  }, [value]);
  return (
    <Select
      {...props}
      data={data}
      value={value}
      searchable
      placeholder={t('timeZones.placeholder')}
      nothingFoundMessage={t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
