import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { regionRangeCondition } from '../../lib/scope.ts';
import type { TransferRequestTable } from './registry.table.ts';

const COLUMNS = [
  'transferRequest.id',
  'transferRequest.laborerId',
  'laborer.name as laborerName',
  'laborer.idNumberMasked',
  'laborer.regionCode as currentRegionCode',
  'transferRequest.fromRegionCode',
  'fromRegion.name as fromRegionName',
  'transferRequest.toRegionCode',
  'toRegion.name as toRegionName',
  'transferRequest.reason',
  'transferRequest.status',
  'transferRequest.requestedBy',
  'transferRequest.requestedAt',
  'transferRequest.decidedBy',
  'transferRequest.decidedAt',
  'transferRequest.decisionNote',
] as const;

function selectTransfers(db: Db) {
  return db
    .selectFrom('transferRequest')
    .innerJoin('laborer', 'laborer.id', 'transferRequest.laborerId')
    .leftJoin('region as fromRegion', 'fromRegion.code', 'transferRequest.fromRegionCode')
    .leftJoin('region as toRegion', 'toRegion.code', 'transferRequest.toRegionCode')
    .select(COLUMNS);
}

export type TransferRow = Awaited<ReturnType<ReturnType<typeof selectTransfers>['executeTakeFirstOrThrow']>>;

export async function findTransfer(db: Db, id: number): Promise<TransferRow | undefined> {
  return selectTransfers(db).where('transferRequest.id', '=', id).executeTakeFirst();
}

export async function findPendingTransferId(db: Db, laborerId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('transferRequest')
    .select('id')
    .where('laborerId', '=', laborerId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.id;
}

export interface TransferFilter {
  direction: 'incoming' | 'outgoing';
  /** incoming: the holder's capture scope (labourers now there); outgoing: the requester's capture scope. */
  scope: readonly string[];
  userId: number;
  status?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listTransfers(db: Db, filter: TransferFilter) {
  const base = () => {
    let query = selectTransfers(db);
    query =
      filter.direction === 'incoming'
        ? // Pending: the labourers now held here. Decided: the requests this region held when it decided, so an
          // accepted transfer stays in the list of the region it left (the labourer is no longer held here).
          query.where((eb) =>
            eb.or([
              eb.and([
                eb('transferRequest.status', '=', 'pending'),
                regionRangeCondition('laborer.region_code', filter.scope),
              ]),
              eb.and([
                eb('transferRequest.status', '<>', 'pending'),
                regionRangeCondition('transfer_request.from_region_code', filter.scope),
              ]),
            ]),
          )
        : query.where((eb) =>
            eb.or([
              eb('transferRequest.requestedBy', '=', filter.userId),
              regionRangeCondition('transfer_request.to_region_code', filter.scope),
            ]),
          );
    if (filter.status) query = query.where('transferRequest.status', '=', filter.status);
    return query;
  };
  const [rows, count] = await Promise.all([
    base()
      .orderBy('transferRequest.requestedAt', 'desc')
      .orderBy('transferRequest.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base()
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export async function insertTransfer(db: Db, values: Insertable<TransferRequestTable>): Promise<number> {
  const { id } = await db
    .insertInto('transferRequest')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateTransfer(
  db: Db,
  id: number,
  changes: Updateable<TransferRequestTable>,
): Promise<void> {
  await db.updateTable('transferRequest').set(changes).where('id', '=', id).execute();
}
