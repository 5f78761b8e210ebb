import { describe, expect, it } from 'vitest';
import { generateKeyText, parseKeyRing, decryptField } from '../../lib/field-crypto.ts';
import { deriveEmploymentStatus, nameInitials, toLaborerColumns } from './laborer.mapping.ts';

describe('laborer mapping', () => {
  it.each([
    ['张三', 'zs'],
    ['单雄信', 'sxx'],
    ['欧阳娜娜', 'oynn'],
    ['李小Ming', 'lxming'],
  ])('%s → %s', (name, initials) => {
    expect(nameInitials(name)).toBe(initials);
  });

  it('derives the employment status from the spells', () => {
    const spell = {
      startMonth: '2026-03',
      endMonth: null,
      workArea: 'out_of_province' as const,
      workRegionCode: '110105000000',
    };
    expect(deriveEmploymentStatus('full', [spell], '2026-11-22').status).toBe('employed');
    expect(deriveEmploymentStatus('full', [{ ...spell, endMonth: '2026-06' }], '2026-11-22').status).toBe(
      'unemployed',
    );
    expect(deriveEmploymentStatus('lost', [], '2026-11-22').status).toBe('unable');
  });

  it('encrypts, indexes and masks the sensitive fields', () => {
    const ring = parseKeyRing(generateKeyText());
    const row = toLaborerColumns(
      ring,
      {
        name: '张三',
        idNumber: '140902199001011234',
        sex: '1',
        birthDate: '1990-01-01',
        homeRegionCode: '140902001001',
        phone: '13812345678',
        spells: [],
      },
      { today: '2026-11-22', now: '2026-11-22T00:00:00.000Z', userId: 1, householdId: null },
    );
    expect(row.idNumberMasked).toBe('1409**********1234');
    expect(row.idLast4).toBe('1234');
    expect(row.idNumberCipher).not.toContain('140902199001011234');
    expect(decryptField(ring, row.idNumberCipher)).toBe('140902199001011234');
    expect(row.phoneMasked).toBe('138****5678');
    expect(row.nameInitials).toBe('zs');
    expect(row.employmentStatus).toBe('unemployed');
  });
});
