import { z } from 'zod';
import { regionCodeSchema } from './common.ts';
import { laborerListQuerySchema } from './registry.ts';

/** Ledger import (实名制台账导入) and export. */

const booleanField = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'on');

/** The form fields sent with the file (multipart), after RuoYi's import dialog. */
export const laborerImportFieldsSchema = z.object({
  dryRun: booleanField.default(false).describe('试运行：只检查、报告每行结果，不写入'),
  update: booleanField.default(false).describe('是否更新已经存在的数据 (RuoYi updateSupport)'),
  regionCode: regionCodeSchema
    .optional()
    .describe(
      'Limits the import to this region (inside the capture scope); rows without a region go here when it is a village',
    ),
});
export type LaborerImportFields = z.infer<typeof laborerImportFieldsSchema>;

export const importJobStatusSchema = z.enum(['running', 'finished', 'failed']);

export const importJobSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  fileName: z.string(),
  status: importJobStatusSchema,
  dryRun: z.boolean(),
  update: z.boolean(),
  totalRows: z
    .number()
    .int()
    .nullable()
    .describe('Data rows in the file (an estimate until the job finishes)'),
  processedRows: z.number().int().describe('Data rows decided so far (committed chunks)'),
  createdCount: z.number().int(),
  updatedCount: z.number().int(),
  skippedCount: z.number().int(),
  rejectedCount: z.number().int(),
  message: z.string().nullable().describe('Why the job failed, when it did'),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

export const importRowOutcomeSchema = z.enum(['create', 'update', 'skip', 'reject']);
export type ImportRowOutcome = z.infer<typeof importRowOutcomeSchema>;

export const importRowSchema = z.object({
  row: z.number().int().describe('Row number as in the file, 1-based, header and title rows included'),
  outcome: importRowOutcomeSchema,
  messages: z.array(z.string()).describe('Errors (reject) or warnings, each “第N行 列名：…”'),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importRowsQuerySchema = z.object({
  outcome: importRowOutcomeSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type ImportRowsQuery = z.infer<typeof importRowsQuerySchema>;

export const importRowPageSchema = z.object({
  items: z.array(importRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const importJobParamsSchema = z.object({ jobId: z.coerce.number().int().positive() });

/** Filters of the labourer export: those of the list (registry.ts) without paging and sorting. */
export const laborerExportFiltersSchema = laborerListQuerySchema.omit({
  page: true,
  pageSize: true,
  sort: true,
  order: true,
});
export type LaborerExportFilters = z.infer<typeof laborerExportFiltersSchema>;

/**
 * GET /laborers/export.xlsx (masked ID numbers only): the filters in the query string. `reveal` and `purpose` are
 * read only to refuse them with a message naming the POST: a purpose never travels in a URL (OWASP ASVS V8.3.1).
 */
export const laborerExportQuerySchema = laborerExportFiltersSchema.extend({
  reveal: z.string().optional().describe('Refused here: full ID numbers are exported by POST only'),
  purpose: z.string().optional().describe('Refused here: the purpose goes in the body of the POST'),
});
export type LaborerExportQuery = z.infer<typeof laborerExportQuerySchema>;

/** POST /laborers/export.xlsx: the list's filters, and full ID numbers with a purpose, in the JSON body. */
export const laborerExportBodySchema = laborerExportFiltersSchema.extend({
  reveal: z
    .boolean()
    .default(false)
    .describe(
      'Full ID numbers of the labourers registered in your scope (needs registry:reveal and a purpose)',
    ),
  purpose: z
    .string()
    .trim()
    .min(2, '请说明用途（至少2个字）')
    .max(200)
    .optional()
    .describe('Why the full ID numbers are needed (written to the sensitive-read log)'),
});
export type LaborerExportBody = z.input<typeof laborerExportBodySchema>;
