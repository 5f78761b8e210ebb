import type { Selectable } from 'kysely';

export interface RegionTable {
  /** 12-digit 统计用区划代码. */
  code: string;
  name: string;
  /** 1 province, 2 city, 3 county, 4 township, 5 village. */
  level: number;
  parentCode: string | null;
}

export type Region = Selectable<RegionTable>;
