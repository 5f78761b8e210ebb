import { z } from 'zod';
import { regionCodeSchema } from './common.ts';

export const regionSchema = z.object({
  code: regionCodeSchema,
  name: z.string(),
  level: z.number().int().min(1).max(5).describe('1 省 2 市 3 县 4 乡 5 村'),
  parentCode: regionCodeSchema.nullable(),
  hasChildren: z.boolean().optional().describe('Whether the region has regions below it (lazy tree)'),
});
export type RegionDto = z.infer<typeof regionSchema>;

export const regionListSchema = z.array(regionSchema);

export const regionCodeParamsSchema = z.object({ code: regionCodeSchema });

export const regionChildrenQuerySchema = z.object({
  parent: regionCodeSchema
    .optional()
    .describe('Parent region; without it, the roots of the caller’s view scope are returned'),
});

export const regionSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(50).describe('Part of a region name'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const regionSearchResultSchema = z.array(
  regionSchema.extend({ path: z.string().describe('Full name, e.g. 山西省/忻州市/忻府区') }),
);
export type RegionSearchResultDto = z.infer<typeof regionSearchResultSchema>;
export type RegionSearchHitDto = RegionSearchResultDto[number];

export const regionPathSchema = z
  .array(
    regionSchema.extend({
      isWithinScope: z
        .boolean()
        .describe('False for the ancestors above the caller’s view scope: shown by name, not opened'),
    }),
  )
  .describe('From the province down to the region itself');
export type RegionPathDto = z.infer<typeof regionPathSchema>;
