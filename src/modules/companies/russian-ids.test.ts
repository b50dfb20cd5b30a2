import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { innCheckDigit, isValidInn, isValidKpp, isValidOgrn, ogrnCheckDigit } from './russian-ids.ts';

// Published numbers of real organisations: Sberbank (INN 7707083893, KPP 773601001, OGRN 1027700132195)
// and Yandex (INN 7736207543, OGRN 1027700229193).
describe('Russian company identifiers', () => {
  test('real INNs pass and a changed digit fails', () => {
    assert.ok(isValidInn('7707083893'));
    assert.ok(isValidInn('7736207543'));
    assert.ok(!isValidInn('7707083894'));
    assert.ok(!isValidInn('770708389'));
    assert.ok(!isValidInn('77070838930'));
  });

  test('12-digit personal INNs check both digits', () => {
    assert.ok(isValidInn('500100732259'));
    assert.ok(!isValidInn('500100732258'));
  });

  test('KPP has the published shape', () => {
    assert.ok(isValidKpp('773601001'));
    assert.ok(isValidKpp('7736AB001'));
    assert.ok(!isValidKpp('77360100'));
    assert.ok(!isValidKpp('7736ab001'));
  });

  test('real OGRNs pass and a changed digit fails', () => {
    assert.ok(isValidOgrn('1027700132195'));
    assert.ok(isValidOgrn('1027700229193'));
    assert.ok(!isValidOgrn('1027700132196'));
    assert.ok(isValidOgrn('304500116000157'));
    assert.ok(!isValidOgrn('304500116000158'));
  });

  test('generated check digits make valid numbers', () => {
    assert.ok(isValidInn(`770000001${innCheckDigit('770000001')}`));
    assert.ok(isValidOgrn(`102770000001${ogrnCheckDigit('102770000001')}`));
  });
});
