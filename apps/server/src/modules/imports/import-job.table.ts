import type { Generated } from 'kysely';

/** import_job as migration 2026_11_22_010000_registry made it; its later columns follow. */
export interface ImportJobTable {
  id: Generated<number>;
  kind: string;
  fileName: string;
  fileSha256: string;
  /** running, finished, failed */
  status: string;
  options: string | null;
  totalRows: number | null;
  /** First data row not yet committed: the resume point, written in each chunk's transaction. */
  nextRow: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  rejectedCount: number;
  userId: number | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** The row report, of migration 2026_11_22_020000_registry_import. */
export interface ImportJobRowTable {
  jobId: number;
  rowNumber: number;
  /** header, create, update, skip, reject */
  outcome: string;
  /** JSON array of messages. */
  messages: string | null;
  /** JSON array of the cells as read (header and rejected rows). */
  cells: string | null;
}

/** The column the import migration adds to import_job. */
export interface ImportJobMessageColumn {
  /** Why the job failed. */
  message: string | null;
}

/** The column of migration 2026_12_04_020000_import_hardening. */
export interface ImportJobRetentionColumn {
  /** When the job's row report and uploaded file were deleted (import-retention.ts); null while kept. */
  rowsPurgedAt: string | null;
}
