import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface OrganizationTable {
  id: Generated<number>;
  name: string;
  /** See ORGANIZATION_KINDS in @jiuye/contracts. */
  kind: string;
  regionCode: string;
  parentId: number | null;
  address: string | null;
  contactPerson: string | null;
  contactPhone: string | null;
  /** For 省外劳务服务站: where the station serves (free text, e.g. 北京市朝阳区). */
  serviceArea: string | null;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export type Organization = Selectable<OrganizationTable>;
export type NewOrganization = Insertable<OrganizationTable>;
export type OrganizationUpdate = Updateable<OrganizationTable>;
