import { z } from 'zod';

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable English error code, e.g. VALIDATION_FAILED'),
      message: z.string().describe('中文错误说明'),
      details: z
        .array(
          z
            .object({
              field: z.string().optional(),
              row: z.number().int().optional(),
              message: z.string(),
            })
            .catchall(z.unknown()),
        )
        .describe('Which field or row is wrong, and why'),
    }),
  })
  .describe('Every error answer has this shape');

export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const regionCodeSchema = z
  .string()
  .regex(/^\d{12}$/, '区划代码应为12位数字')
  .describe('12-digit 统计用区划代码');

export const idParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('1-based page number'),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
/** One page of a list answer (pageSchema) whose items are T. */
export type PageDto<T> = z.infer<ReturnType<typeof pageSchema<z.ZodType<T>>>>;

export const okSchema = z.object({ ok: z.literal(true) });
