import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLocale, rememberLocale, type Locale } from '../i18n/i18n.setup.ts';
import { useMe, useUpdateProfile } from '../modules/auth/auth.api.ts';

const LOCALES: { value: Locale; label: string }[] = [
  { value: 'ru', label: 'RU' },
  { value: 'en', label: 'EN' },
];

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const updateProfile = useUpdateProfile();

  const onChange = (value: string) => {
    if (!isLocale(value)) return;
    rememberLocale(value);
    void i18n.changeLanguage(value);
    // Emails and exports the server renders follow the profile's locale.
    if (me) updateProfile.mutate({ locale: value });
  };

  return (
    <SegmentedControl
      size="xs"
      aria-label={t('shell.language')}
      data={LOCALES}
      value={i18n.language === 'ru' ? 'ru' : 'en'}
      onChange={onChange}
    />
  );
}
