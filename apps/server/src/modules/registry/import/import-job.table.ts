/** Tables of migration 2026_11_22_020000_registry_import. */

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
