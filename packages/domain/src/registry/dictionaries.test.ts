import { describe, expect, it } from 'vitest';
import {
  dictionaryRows,
  EDUCATION,
  ETHNICITY,
  findEntry,
  HEALTH,
  isEntryInUse,
  LABOR_CAPACITY,
  labelOf,
  MONITORING_CATEGORY,
  REGISTRY_DICTIONARIES,
  RELATIONSHIP,
  WORK_AREA,
} from './dictionaries.ts';
import { codeKey } from './normalize.ts';

const all = Object.entries(REGISTRY_DICTIONARIES);

describe('registry dictionaries', () => {
  it.each(all)('%s: type matches its key, codes unique, sort 1..n', (type, dictionary) => {
    expect(dictionary.type).toBe(type);
    const codes = dictionary.entries.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(dictionary.entries.map((entry) => entry.sort)).toEqual(codes.map((_, index) => index + 1));
    expect(dictionary.name).not.toBe('');
    expect(dictionary.source).not.toBe('');
  });

  it.each(all)('%s: no code, label or alias names two entries', (_type, dictionary) => {
    const owner = new Map<string, string>();
    for (const entry of dictionary.entries) {
      for (const name of new Set([entry.code, entry.label, ...entry.aliases].map(codeKey))) {
        expect(owner.get(name) ?? entry.code, `「${name}」`).toBe(entry.code);
        owner.set(name, entry.code);
      }
    }
  });

  it('has the 56 ethnic groups of GB 3304 as 01–56, then 97 and 98', () => {
    const groups = ETHNICITY.entries.filter((entry) => Number(entry.code) <= 56);
    expect(groups.map((entry) => entry.code)).toEqual(
      Array.from({ length: 56 }, (_, index) => String(index + 1).padStart(2, '0')),
    );
    expect(groups.every((entry) => entry.label.endsWith('族'))).toBe(true);
    expect(findEntry(ETHNICITY, '01')?.label).toBe('汉族');
    expect(findEntry(ETHNICITY, '56')?.label).toBe('基诺族');
    expect(ETHNICITY.entries.slice(56).map((entry) => entry.code)).toEqual(['97', '98']);
  });

  it('follows GB/T 4658 for education and GB/T 2261.3 for health', () => {
    expect(EDUCATION.entries.map((entry) => `${entry.code}${entry.label}`)).toEqual([
      '10研究生',
      '20大学本科',
      '30大学专科',
      '40中专中技',
      '50技工学校',
      '60高中',
      '70初中',
      '80小学',
      '90文盲或半文盲',
    ]);
    expect(HEALTH.entries.map((entry) => entry.code)).toEqual(['1', '2', '3', '6']);
  });

  it('uses the GLOSSARY codes for labour capacity and work area', () => {
    expect(LABOR_CAPACITY.entries.map((entry) => entry.code)).toEqual([
      'full',
      'skilled',
      'weak_or_half',
      'lost',
      'none',
    ]);
    expect(WORK_AREA.entries.map((entry) => `${entry.code}:${entry.label}`)).toEqual([
      'township:乡镇内',
      'county:县内乡外',
      'province:省内县外',
      'out_of_province:省外',
    ]);
  });

  it('keeps GB/T 4761 two-digit codes with 02 户主 first', () => {
    expect(RELATIONSHIP.entries[0]).toMatchObject({ code: '02', label: '户主' });
    expect(RELATIONSHIP.entries.every((entry) => /^\d{2}$/u.test(entry.code))).toBe(true);
  });

  it.each([
    [2019, false],
    [2020, true],
    [2030, true],
  ])('脱贫不稳定户 is in use in %i: %s', (year, inUse) => {
    const entry = findEntry(MONITORING_CATEGORY, 'unstable_alleviated');
    expect(entry && isEntryInUse(entry, year)).toBe(inUse);
  });

  it('honours an end year, inclusive', () => {
    const entry = { code: 'x', label: 'x', sort: 1, aliases: [], fromYear: 2016, untilYear: 2020 };
    expect([2015, 2016, 2020, 2021].map((year) => isEntryInUse(entry, year))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('shows labels, and an unknown code as itself', () => {
    expect(labelOf(LABOR_CAPACITY, 'weak_or_half')).toBe('弱劳动力或半劳动力');
    expect(labelOf(LABOR_CAPACITY, 'retired')).toBe('retired');
  });

  it('flattens to seed rows', () => {
    const rows = dictionaryRows();
    expect(rows).toHaveLength(all.reduce((sum, [, dictionary]) => sum + dictionary.entries.length, 0));
    expect(rows).toContainEqual({
      type: 'monitoring_category',
      code: 'sudden_hardship',
      label: '突发严重困难户',
      sort: 3,
      eraFrom: '2021-01-01',
      eraTo: null,
      aliases: ['突发严重困难'],
    });
  });
});
