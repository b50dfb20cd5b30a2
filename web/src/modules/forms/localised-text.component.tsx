import { Input, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LocalisedText } from '../records/index.ts';

const LANGUAGES = ['ru', 'en'] as const;

interface LocalisedTextInputProps {
  label: string;
  description?: string;
  value: LocalisedText;
  error?: string;
  isRequired?: boolean;
  isMultiline?: boolean;
  maxLength: number;
  onChange: (value: LocalisedText) => void;
}

/** One text the visitor sees, in Russian and English side by side. */
export function LocalisedTextInput({ label, description, value, error, isRequired, isMultiline, maxLength, onChange }: LocalisedTextInputProps) {
  const { t } = useTranslation();
  return (
    <Input.Wrapper label={label} description={description} error={error} required={isRequired} inputWrapperOrder={['label', 'description', 'input', 'error']}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" my={4}>
        {LANGUAGES.map((language) => {
          const props = {
            'aria-label': `${label} (${t(`webForms.languages.${language}`)})`,
            maxLength,
            value: value[language],
            error: !!error,
            onChange: (event: { currentTarget: { value: string } }) => onChange({ ...value, [language]: event.currentTarget.value }),
          };
          const badge = <Text size="xs" c="dimmed" fw={600}>{language.toUpperCase()}</Text>;
          return isMultiline
            ? <Textarea key={language} {...props} leftSection={badge} leftSectionProps={{ style: { alignItems: 'flex-start', paddingTop: 8 } }} autosize minRows={2} maxRows={8} />
            : <TextInput key={language} {...props} leftSection={badge} />;
        })}
      </SimpleGrid>
    </Input.Wrapper>
  );
}
