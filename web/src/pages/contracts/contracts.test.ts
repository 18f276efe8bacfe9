import { describe, expect, it } from 'vitest';
import {
  contractFromForm,
  contractState,
  contractToForm,
  currencyDecimals,
  formatCivilDate,
  formatMoney,
  formatMonth,
  minorToDecimal,
  monthPeriod,
  moneyToInput,
  newContractForm,
  parseMoney,
  parsePercent,
  placeContractField,
  previousMonth,
  today,
  type Contract,
} from './contracts';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

const noc: Contract = {
  id: 4,
  organisation_id: 3,
  name: 'Managed NOC 2026',
  starts_on: '2026-01-01',
  ends_on: '2026-12-31',
  renewal_on: '2026-11-01',
  monthly_value_minor: 1250000,
  currency: 'BRL',
  currency_decimals: 2,
  policy_id: 2,
  calendar_id: null,
  compliance_targets: [
    { type: 'incident', clock: 'resolution', percent: 95 },
    { type: 'service_request', clock: 'first_response', percent: 99.5 },
  ],
  notes: 'Signed by the CFO',
  starts_at: '2026-01-01T03:00:00Z',
  ends_at: '2027-01-01T03:00:00Z',
  version: 2,
  created_at: '2025-12-01T12:00:00Z',
  updated_at: '2025-12-02T12:00:00Z',
};

describe('money', () => {
  it('knows the minor units of each currency, as the server does', () => {
    expect(currencyDecimals('BRL')).toBe(2);
    expect(currencyDecimals('jpy')).toBe(0);
    expect(currencyDecimals('KWD')).toBe(3);
  });
  it('turns minor units into a decimal exactly', () => {
    expect(minorToDecimal(1250000, 2)).toBe('12500.00');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(1234, 0)).toBe('1234');
    expect(minorToDecimal(1234, 3)).toBe('1.234');
    expect(minorToDecimal(-250, 2)).toBe('-2.50');
  });
  it('shows an amount in its currency, the reader’s way', () => {
    expect(nbsp(formatMoney(1250000, 'BRL', 2, 'pt-BR'))).toBe('R$ 12.500,00');
    expect(formatMoney(1250000, 'BRL', 2, 'en')).toBe('R$12,500.00');
    expect(formatMoney(99, 'USD', 2, 'en')).toBe('$0.99');
    expect(nbsp(formatMoney(150000, 'JPY', 0, 'pt-BR'))).toMatch(/150\.000/);
  });
  it('reads an amount typed the reader’s way, and nothing ambiguous', () => {
    expect(parseMoney('12.500,00', 2, 'pt-BR')).toBe(1250000);
    expect(parseMoney('R$ 12.500,5', 2, 'pt-BR')).toBe(1250050);
    expect(parseMoney('12500', 2, 'pt-BR')).toBe(1250000);
    expect(parseMoney('12.500', 2, 'pt-BR')).toBe(1250000);
    expect(parseMoney('12500.50', 2, 'pt-BR')).toBeNull();
    expect(parseMoney('12,500.00', 2, 'en')).toBe(1250000);
    expect(parseMoney('12500.5', 2, 'en')).toBe(1250050);
    expect(parseMoney('12.505', 2, 'en')).toBeNull();
    expect(parseMoney('1500', 0, 'en')).toBe(1500);
    expect(parseMoney('1500.5', 0, 'en')).toBeNull();
    expect(parseMoney('lots', 2, 'en')).toBeNull();
    expect(moneyToInput(1250000, 2, 'pt-BR')).toBe('12500,00');
    expect(moneyToInput(1250000, 2, 'en')).toBe('12500.00');
  });
  it('reads a percentage with up to two decimals', () => {
    expect(parsePercent('95')).toBe(95);
    expect(parsePercent('99,95')).toBe(99.95);
    expect(parsePercent('99.5%')).toBe(99.5);
    expect(parsePercent('99.955')).toBeNull();
    expect(parsePercent('0')).toBeNull();
    expect(parsePercent('100.01')).toBeNull();
    expect(parsePercent('100')).toBe(100);
  });
});

describe('contract dates', () => {
  it('is in force from its first instant until the end of its last day', () => {
    expect(contractState(noc, Date.parse('2026-01-01T02:59:59Z'))).toBe('starts_later');
    expect(contractState(noc, Date.parse('2026-01-01T03:00:00Z'))).toBe('in_force');
    expect(contractState(noc, Date.parse('2027-01-01T02:59:59Z'))).toBe('in_force');
    expect(contractState(noc, Date.parse('2027-01-01T03:00:00Z'))).toBe('ended');
    expect(contractState({ ...noc, ends_at: null }, Date.parse('2099-01-01T00:00:00Z'))).toBe('in_force');
  });
  it('shows a calendar date as the same day in every time zone', () => {
    expect(formatCivilDate('2026-11-01', 'en')).toBe('Nov 1, 2026');
    expect(formatCivilDate('2026-11-01', 'pt-BR')).toMatch(/^1 de nov\.? de 2026$/);
    expect(formatCivilDate(null, 'en')).toBe('');
  });
  it('looks at the previous month by default, in the reader’s time zone', () => {
    // 2026-12-01 01:00 UTC is still November in São Paulo.
    const at = Date.parse('2026-12-01T01:00:00Z');
    expect(today(at, 'America/Sao_Paulo')).toBe('2026-11-30');
    expect(previousMonth(at, 'America/Sao_Paulo')).toBe('2026-10');
    expect(previousMonth(at, 'UTC')).toBe('2026-11');
    expect(previousMonth(Date.parse('2027-01-15T12:00:00Z'), 'UTC')).toBe('2026-12');
    expect(monthPeriod('2026-11')).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(monthPeriod('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(formatMonth('2026-11', 'en')).toBe('November 2026');
    expect(formatMonth('2026-11', 'pt-BR')).toBe('novembro de 2026');
  });
});

describe('contract form', () => {
  it('gives back the contract it was made from', () => {
    const f = contractToForm(noc, 'pt-BR');
    expect(f.value).toBe('12500,00');
    expect(f.targets[1]).toEqual({ type: 'service_request', clock: 'first_response', percent: '99,5' });
    const back = contractFromForm(f, 3, 'pt-BR');
    const { id: _i, currency_decimals: _d, starts_at: _s, ends_at: _e, version: _v, created_at: _c, updated_at: _u, ...body } = noc;
    expect(back).toEqual({ contract: body, rows: [0, 1] });
  });
  it('drops targets without a percent and remembers which row each one sent came from', () => {
    const f = newContractForm('2026-12-04');
    f.name = 'Basic';
    f.value = '1.000';
    f.targets = [
      { type: 'incident', clock: 'resolution', percent: '' },
      { type: 'change', clock: 'resolution', percent: '90' },
    ];
    const back = contractFromForm(f, 7, 'pt-BR');
    expect(back).toMatchObject({
      contract: { organisation_id: 7, starts_on: '2026-12-04', ends_on: null, monthly_value_minor: 100000, currency: 'BRL', calendar_id: null },
      rows: [1],
    });
    expect(placeContractField('compliance_targets[0].percent', [1])).toBe('targets.1');
    expect(placeContractField('starts_on', [1])).toBe('startsOn');
    expect(placeContractField('monthly_value_minor', [])).toBe('value');
    expect(placeContractField('organisation_id', [])).toBeNull();
  });
  it('names an amount or a percentage it cannot read', () => {
    const f = contractToForm(noc, 'en');
    f.value = '12.500,00';
    f.targets[0].percent = '95.555';
    expect(contractFromForm(f, 3, 'en')).toEqual({ problems: { value: 'money', 'targets.0': 'percent' } });
  });
});
