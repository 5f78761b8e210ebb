import type { OccupationDto } from '@jiuye/contracts';
import type { Db } from '../../db/database.ts';
import { toBoolean } from '../../db/create-db.ts';
import { containsText, startsWithText } from '../../lib/sql-text.ts';

export async function listDictionaryItems(db: Db) {
  return db
    .selectFrom('dictionaryItem')
    .select(['type', 'code', 'label', 'sort', 'eraFrom', 'eraTo'])
    .orderBy('type')
    .orderBy('sort')
    .execute();
}

/** Children of a code, the 大类 (no parent), or a search by name part / code beginning. */
export async function listOccupations(
  db: Db,
  options: { parent?: string | undefined; q?: string | undefined; limit: number },
): Promise<OccupationDto[]> {
  let query = db
    .selectFrom('occupation')
    .select([
      'occupation.code',
      'occupation.level',
      'occupation.name',
      'occupation.parentCode',
      'occupation.isGreen',
      'occupation.isDigital',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('occupation as child')
            .select('child.code')
            .whereRef('child.parentCode', '=', 'occupation.code'),
        )
        .as('hasChildren'),
    );
  if (options.q) {
    const q = options.q;
    query = query.where((eb) =>
      eb.or([containsText('occupation.name', q), startsWithText('occupation.code', q)]),
    );
  } else if (options.parent) query = query.where('occupation.parentCode', '=', options.parent);
  else query = query.where('occupation.parentCode', 'is', null);
  const rows = await query.orderBy('occupation.code').limit(options.limit).execute();
  return rows.map((row) => ({
    ...row,
    isGreen: toBoolean(row.isGreen),
    isDigital: toBoolean(row.isDigital),
    hasChildren: toBoolean(row.hasChildren),
  }));
}
