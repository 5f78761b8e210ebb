import type { z } from 'zod';
import type { TransferDto, transferCreateSchema, transferListQuerySchema } from '@jiuye/contracts';
import { validateIdNumber } from '@jiuye/domain';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/create-db.ts';
import type { KeyRing } from '../../lib/field-crypto.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { assertInScope, isInScope, scopeOf } from '../../lib/scope.ts';
import { recordOperation } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { assertVillageInCaptureScope } from './household.service.ts';
import { idNumberIndexOf } from './laborer.mapping.ts';
import {
  findLaborer,
  findLaborerIdByIdNumberIndex,
  insertChanges,
  updateLaborer,
} from './laborer.repository.ts';
import { problemDetails, validationFailed } from './registry-errors.ts';
import {
  findPendingTransferId,
  findTransfer,
  insertTransfer,
  listTransfers,
  updateTransfer,
  type TransferRow,
} from './transfer.repository.ts';
import { today } from './laborer-read.service.ts';

/**
 * One ID number exists once in the registry: a region that finds a person already held elsewhere asks for a
 * transfer; the holding region (capture scope over the person's current 户籍地) accepts, and the person moves, or
 * refuses with a note. The requester learns the holding region only inside their view scope.
 */

type CreateInput = z.infer<typeof transferCreateSchema>;
type ListQuery = z.infer<typeof transferListQuerySchema>;

const WHAT = '转移申请';

function toDto(row: TransferRow, actor: Actor): TransferDto {
  const seesHolder = isInScope(actor, row.currentRegionCode, 'view');
  const seesFrom = isInScope(actor, row.fromRegionCode, 'view');
  return {
    id: row.id,
    laborerId: row.laborerId,
    // The region a labourer left keeps seeing whom it let go (its own decision); a requester sees the name once
    // the labourer is theirs.
    laborerName: seesHolder || seesFrom ? row.laborerName : null,
    idNumberMasked: row.idNumberMasked,
    fromRegionCode: seesFrom ? row.fromRegionCode : null,
    fromRegionName: seesFrom ? (row.fromRegionName ?? null) : null,
    toRegionCode: row.toRegionCode,
    toRegionName: row.toRegionName ?? null,
    reason: row.reason,
    status: row.status as TransferDto['status'],
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    decisionNote: row.decisionNote,
  };
}

export async function requestTransfer(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  input: CreateInput,
): Promise<TransferDto> {
  let laborerId: number;
  if (input.idNumber) {
    const id = validateIdNumber(input.idNumber, { today: today() });
    if (!id.ok) throw validationFailed(problemDetails(id.problems));
    const holder = await findLaborerIdByIdNumberIndex(db, idNumberIndexOf(ring, id.value.idNumber));
    if (!holder)
      throw new AppError('NOT_FOUND', '该证件号码尚未登记，可直接新增', [
        { field: 'idNumber', message: '尚未登记' },
      ]);
    laborerId = holder.id;
  } else {
    const laborer = await findLaborer(db, input.laborerId!);
    assertInScope(actor, laborer?.regionCode, 'view', '劳动力');
    laborerId = laborer!.id;
  }
  await assertVillageInCaptureScope(db, actor, input.toRegionCode, 'toRegionCode');
  const laborer = (await findLaborer(db, laborerId))!;
  if (laborer.regionCode === input.toRegionCode) {
    throw validationFailed([
      { field: 'toRegionCode', message: '该劳动力已登记在此区划', code: 'same_region' },
    ]);
  }
  const id = await db.transaction().execute(async (trx) => {
    if ((await findPendingTransferId(trx, laborerId)) !== undefined) {
      throw new AppError('ALREADY_EXISTS', '该劳动力已有待处理的转移申请', [
        { field: 'idNumber', message: '已有待处理的转移申请', code: 'transfer_pending' },
      ]);
    }
    const newId = await insertTransfer(trx, {
      laborerId,
      fromRegionCode: laborer.regionCode,
      toRegionCode: input.toRegionCode,
      reason: input.reason,
      status: 'pending',
      requestedBy: actor.userId,
      requestedAt: nowIso(),
    });
    await recordOperation(trx, actor, {
      action: 'registry.transfer.request',
      targetType: 'transfer_request',
      targetId: newId,
      detail: { laborerId, toRegionCode: input.toRegionCode },
    });
    return newId;
  });
  return toDto((await findTransfer(db, id))!, actor);
}

export async function listVisibleTransfers(db: Db, actor: Actor, query: ListQuery) {
  const { rows, total } = await listTransfers(db, {
    direction: query.direction,
    scope: scopeOf(actor, 'capture'),
    userId: actor.userId,
    status: query.status,
    page: query.page,
    pageSize: query.pageSize,
  });
  return { items: rows.map((row) => toDto(row, actor)), total, page: query.page, pageSize: query.pageSize };
}

/** A pending transfer of a labourer the caller holds (capture scope over the current 户籍地); 404 otherwise. */
async function getPendingForHolder(db: Db, actor: Actor, id: number): Promise<TransferRow> {
  const transfer = await findTransfer(db, id);
  if (!transfer) throw notFound(WHAT);
  assertInScope(actor, transfer.currentRegionCode, 'capture', WHAT);
  if (transfer.status !== 'pending') throw new AppError('CONFLICT', '该申请已处理');
  if (transfer.currentRegionCode !== transfer.fromRegionCode) {
    throw new AppError('CONFLICT', '该劳动力的户籍地已变更，申请已失效');
  }
  return transfer;
}

export async function acceptTransfer(
  db: Db,
  actor: Actor,
  id: number,
  note: string | undefined,
): Promise<TransferDto> {
  const transfer = await getPendingForHolder(db, actor, id);
  const laborer = (await findLaborer(db, transfer.laborerId))!;
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    // The person leaves the old village's household: the receiving region places them in one of its own.
    await updateLaborer(trx, laborer.id, {
      regionCode: transfer.toRegionCode,
      householdId: null,
      updatedAt: now,
      updatedBy: actor.userId,
    });
    const history = [
      { field: 'regionCode', oldValue: laborer.regionCode, newValue: transfer.toRegionCode },
      ...(laborer.householdId === null
        ? []
        : [{ field: 'householdId', oldValue: String(laborer.householdId), newValue: null }]),
    ];
    await insertChanges(
      trx,
      history.map((change) => ({
        ...change,
        laborerId: laborer.id,
        changedAt: now,
        userId: actor.userId,
        username: actor.username,
        source: 'transfer',
      })),
    );
    await updateTransfer(trx, id, {
      status: 'accepted',
      decidedBy: actor.userId,
      decidedAt: now,
      decisionNote: note || null,
    });
    await recordOperation(trx, actor, {
      action: 'registry.transfer.accept',
      targetType: 'transfer_request',
      targetId: id,
      detail: { laborerId: laborer.id, from: laborer.regionCode, to: transfer.toRegionCode },
    });
  });
  return toDto((await findTransfer(db, id))!, actor);
}

export async function refuseTransfer(db: Db, actor: Actor, id: number, note: string): Promise<TransferDto> {
  await getPendingForHolder(db, actor, id);
  await db.transaction().execute(async (trx) => {
    await updateTransfer(trx, id, {
      status: 'refused',
      decidedBy: actor.userId,
      decidedAt: nowIso(),
      decisionNote: note,
    });
    await recordOperation(trx, actor, {
      action: 'registry.transfer.refuse',
      targetType: 'transfer_request',
      targetId: id,
      detail: { note },
    });
  });
  return toDto((await findTransfer(db, id))!, actor);
}
