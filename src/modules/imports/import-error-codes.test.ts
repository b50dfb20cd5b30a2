import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { codeOfIssue } from './import-error-codes.ts';

const codeOf = (schema: z.ZodType, value: unknown) => codeOfIssue(schema.safeParse(value).error?.issues[0]);

test('a field schema’s refusal maps to a stable code', () => {
  assert.equal(codeOf(z.string().max(3), 'long'), 'TOO_LONG');
  assert.equal(codeOf(z.string().min(3), 'x'), 'TOO_SHORT');
  assert.equal(codeOf(z.array(z.string()).max(1), ['a', 'b']), 'TOO_MANY_ITEMS');
  assert.equal(codeOf(z.number().max(1), 5), 'OUT_OF_RANGE');
  assert.equal(codeOf(z.email(), 'nope'), 'INVALID_EMAIL');
  assert.equal(codeOf(z.url(), 'nope'), 'INVALID_URL');
  assert.equal(codeOf(z.iso.date(), '2024-13-45'), 'INVALID_DATE');
  assert.equal(codeOf(z.string().regex(/^[A-Z]{3}$/), 'rub'), 'INVALID_FORMAT');
  assert.equal(codeOf(z.enum(['a', 'b']), 'c'), 'NOT_AN_OPTION');
  assert.equal(codeOf(z.array(z.string().max(2)), ['long']), 'TOO_LONG', 'a list item names its own reason');
  assert.equal(codeOf(z.number(), 'text'), 'INVALID_VALUE');
});
