import { Checkbox, Group, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CHANNELS, PURPOSES, type Channel, type Purpose } from '../consent/index.ts';
import type { WebFormConsent } from './forms.types.ts';
import { LocalisedTextInput } from './localised-text.component.tsx';

interface FormConsentEditorProps {
  hasConsent: boolean;
  consent: WebFormConsent;
  /** Keyed `consent.<field>`. */
  errors: Record<string, string>;
  onToggle: (hasConsent: boolean) => void;
  onChange: (consent: WebFormConsent) => void;
}

/** The consent the visitor gives with the form: its exact text and version, and what it allows. */
export function FormConsentEditor({ hasConsent, consent, errors, onToggle, onChange }: FormConsentEditorProps) {
  const { t } = useTranslation();
  const hasEmail = consent.channels.includes('email');
  return (
    <Stack>
      <Switch label={t('webForms.askConsent')} description={t('webForms.askConsentHint')} checked={hasConsent} onChange={(event) => onToggle(event.currentTarget.checked)} />
      {hasConsent && (
        <>
          <LocalisedTextInput
            label={t('webForms.consentText')}
            description={t('webForms.consentTextHint')}
            value={consent.text}
            error={errors['consent.text']}
            isRequired
            isMultiline
            maxLength={5000}
            onChange={(text) => onChange({ ...consent, text })}
          />
          <Group align="flex-start">
            <TextInput
              label={t('webForms.consentVersion')}
              description={t('webForms.consentVersionHint')}
              placeholder={t('webForms.consentVersionPlaceholder')}
              required
              maxLength={40}
              w={260}
              value={consent.version}
              error={errors['consent.version']}
              onChange={(event) => onChange({ ...consent, version: event.currentTarget.value })}
            />
            <Checkbox
              mt={30}
              label={t('webForms.consentRequired')}
              checked={consent.is_required}
              onChange={(event) => onChange({ ...consent, is_required: event.currentTarget.checked })}
            />
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Checkbox.Group
              label={t('webForms.consentChannels')}
              value={consent.channels}
              error={errors['consent.channels']}
              onChange={(channels) => onChange({ ...consent, channels: channels as Channel[] })}
            >
              <Stack gap={6} mt={6}>
                {CHANNELS.map((channel) => <Checkbox key={channel} value={channel} label={t(`consents.channels.${channel}`)} />)}
              </Stack>
            </Checkbox.Group>
            <Checkbox.Group
              label={t('webForms.consentPurposes')}
              value={consent.purposes}
              error={errors['consent.purposes']}
              onChange={(purposes) => onChange({ ...consent, purposes: purposes as Purpose[] })}
            >
              <Stack gap={6} mt={6}>
                {PURPOSES.map((purpose) => <Checkbox key={purpose} value={purpose} label={t(`consents.purposes.${purpose}`)} />)}
              </Stack>
            </Checkbox.Group>
          </SimpleGrid>
          <Checkbox
            label={t('webForms.doubleOptIn')}
            // Only an email can be confirmed by a link.
            description={hasEmail ? t('webForms.doubleOptInHint') : t('webForms.doubleOptInEmailOnly')}
            disabled={!hasEmail}
            checked={consent.is_double_opt_in && hasEmail}
            onChange={(event) => onChange({ ...consent, is_double_opt_in: event.currentTarget.checked })}
          />
        </>
      )}
    </Stack>
  );
}
