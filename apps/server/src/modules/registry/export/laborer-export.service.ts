import type { Writable } from 'node:stream';
import type { LaborerExportFilters } from '@jiuye/contracts';
import type { Db } from '../../../db/database.ts';
import type { KeyRing } from '../../../lib/field-crypto.ts';
import { AppError } from '../../../lib/errors.ts';
import { resolveRegionFilter } from '../../../lib/scope.ts';
import { recordOperation, recordSensitiveRead } from '../../audit/audit.service.ts';
import { assertCan, type Actor } from '../../auth/actor.ts';
import {
  countLaborersForExport,
  listRevealedLaborerIds,
  writeLaborerExport,
  type ExportResult,
} from './laborer-export.ts';

export interface LaborerExportRequest {
  filters: LaborerExportFilters;
  /** Full ID numbers of the labourers registered in the scope: needs registry:reveal and a purpose. */
  reveal: boolean;
  /** Why the full ID numbers are needed (the sensitive-read row); read only with `reveal`. */
  purpose?: string | undefined;
}

/** An export already in the logs: how many rows it holds, and the writer of its workbook. */
export interface LoggedExport {
  rows: number;
  write: (output: Writable) => Promise<ExportResult>;
}

/**
 * The export of the route and of `jiuye export laborers`: checks, then logs it (operation log; with `reveal`, one
 * sensitive-read row naming every labourer revealed), both committed before the caller writes the first byte.
 */
export async function startLaborerExport(
  db: Db,
  ring: KeyRing,
  actor: Actor,
  input: LaborerExportRequest,
): Promise<LoggedExport> {
  assertCan(actor, 'registry:read', '您没有查看劳动力台账的权限');
  const { filters } = input;
  let purpose: string | undefined;
  if (input.reveal) {
    assertCan(actor, 'registry:reveal', '您没有查看完整证件号码的权限');
    if (!input.purpose) {
      throw new AppError('VALIDATION_FAILED', '导出完整证件号码须说明用途', [
        { field: 'purpose', message: '请说明用途（至少2个字）' },
      ]);
    }
    purpose = input.purpose;
  }
  const scope = resolveRegionFilter(actor, filters.regionCode, 'view');
  const rows = await countLaborersForExport(db, filters, scope);
  const revealIds = purpose === undefined ? undefined : await listRevealedLaborerIds(db, filters, scope);
  await db.transaction().execute(async (trx) => {
    await recordOperation(trx, actor, {
      action: 'registry.export',
      targetType: 'laborer',
      detail: {
        filter: filters,
        scope,
        rows,
        reveal: purpose !== undefined,
        ...(revealIds ? { revealed: revealIds.length } : {}),
      },
    });
    if (revealIds && revealIds.length > 0) {
      await recordSensitiveRead(trx, actor, {
        targetType: 'laborer_export',
        targetId: revealIds.join(','),
        field: 'idNumber',
        purpose: purpose!,
      });
    }
  });
  return {
    rows,
    write: (output) =>
      writeLaborerExport(
        db,
        ring,
        { query: filters, scope, ...(revealIds ? { revealIds: new Set(revealIds) } : {}) },
        output,
      ),
  };
}
