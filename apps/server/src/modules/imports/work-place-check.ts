import { workRegionUnknown } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { findUnknownWorkPlaces } from '../registry/laborer-check.service.ts';
import { SPELL_WORK_REGION, type ChunkRow } from './chunk-row.ts';
import { COLUMN_BY_KEY } from './import-columns.ts';
import type { HeaderMap } from './import-header.ts';
import { rowMessage } from './row-validator.ts';

/**
 * 务工所在地 given as a code must be a current region code, as the labourer form requires (findUnknownWorkPlaces of
 * registry/laborer-check.service.ts, which the form calls too, and the same message): the import worker checks the
 * form of the code only (it holds no region table below the counties), so each chunk's codes are looked up here, in
 * one query, before the chunk is written. A row naming an unknown place is rejected with its row and column, like
 * every other bad cell.
 */
export async function rejectUnknownWorkPlaces(
  db: Db,
  rows: readonly ChunkRow[],
  header: HeaderMap,
): Promise<ChunkRow[]> {
  const codes: string[] = [];
  for (const row of rows) {
    if (!row.ok) continue;
    for (const spell of row.spells) codes.push(spell[SPELL_WORK_REGION] as string);
  }
  const unknown = await findUnknownWorkPlaces(db, codes);
  if (unknown.size === 0) return [...rows];
  const column = header.names.get('workRegion') ?? COLUMN_BY_KEY.get('workRegion')!.header;
  return rows.map((row) => {
    if (!row.ok) return row;
    const bad = row.spells.findIndex((spell) => unknown.has(spell[SPELL_WORK_REGION] as string));
    if (bad === -1) return row;
    const code = row.spells[bad]![SPELL_WORK_REGION] as string;
    return {
      ok: false,
      rowNumber: row.rowNumber,
      cells: row.cells,
      errors: [rowMessage(row.rowNumber, column, workRegionUnknown(code, bad).message)],
    };
  });
}
