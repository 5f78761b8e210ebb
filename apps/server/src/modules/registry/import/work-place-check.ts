import type { Db } from '../../../db/database.ts';
import { findUnknownRegionCodes } from '../../regions/region.repository.ts';
import { COLUMN_BY_KEY, type HeaderMap } from './import-columns.ts';
import type { ChunkRow } from './import-store.ts';
import { rowMessage } from './row-validator.ts';

/**
 * 务工所在地 given as a code must be a current region code, as the labourer form requires (laborer.service.ts's
 * checkWorkRegionsExist): the import worker checks the form of the code only (it holds no region table below the
 * counties), so each chunk's codes are looked up here, in one query, before the chunk is written. A row naming an
 * unknown place is rejected with its row and column, like every other bad cell.
 */
export async function rejectUnknownWorkPlaces(
  db: Db,
  rows: readonly ChunkRow[],
  header: HeaderMap,
): Promise<ChunkRow[]> {
  const codes: string[] = [];
  for (const { result } of rows) {
    if (!result.ok) continue;
    for (const { workRegionCode } of result.laborer.spells) if (workRegionCode) codes.push(workRegionCode);
  }
  const unknown = await findUnknownRegionCodes(db, codes);
  if (unknown.size === 0) return [...rows];
  const column = header.names.get('workRegion') ?? COLUMN_BY_KEY.get('workRegion')!.header;
  return rows.map((row) => {
    const { result } = row;
    if (!result.ok) return row;
    const bad = result.laborer.spells.find(
      (spell) => spell.workRegionCode && unknown.has(spell.workRegionCode),
    )?.workRegionCode;
    if (!bad) return row;
    return {
      result: {
        ok: false,
        rowNumber: result.rowNumber,
        cells: result.cells,
        errors: [rowMessage(result.rowNumber, column, `「${bad}」不是现行区划代码`)],
        idNumber: result.laborer.idNumber,
      },
    };
  });
}
