import { useState } from 'react';
import { TextInput } from '@mantine/core';
import { suggestKey } from './custom-field-key.ts';

/** A new key follows the name it is suggested from until it is typed over; a saved key stays as it is. */
export function useSuggestedKey(savedKey: string | undefined) {
  const [key, setKey] = useState(savedKey ?? '');
  const [isTyped, setTyped] = useState(false);
  return {
    key,
    follow: (name: string) => {
      if (savedKey === undefined && !isTyped) setKey(suggestKey(name));
    },
    type: (typed: string) => {
      setKey(typed);
      setTyped(true);
    },
  };
}

interface CustomKeyInputProps {
  label: string;
  description?: string;
  /** A key is chosen once, when its field or object is created. */
  isNew: boolean;
  value: string;
  error?: string;
  onChange: (key: string) => void;
}

/** The key of a custom field or object: lower case, in monospace, read-only once saved. */
export function CustomKeyInput({ label, description, isNew, value, error, onChange }: CustomKeyInputProps) {
  return (
    <TextInput
      label={label}
      description={description}
      required={isNew}
      readOnly={!isNew}
      value={value}
      error={error}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      onChange={(event) => onChange(event.currentTarget.value.toLowerCase())}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
    />
  );
}
