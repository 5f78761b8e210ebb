/** Jurisdictions: national → province (2 digits) → city (4) → county (6); resolution walks from the most specific. */
import type { Jurisdiction, JurisdictionInfo } from './types.ts';

export const NATIONAL: Jurisdiction = 'national';

export const DEFAULT_JURISDICTIONS: readonly JurisdictionInfo[] = [
  { code: 'national', name: '全国' },
  { code: '14', name: '山西省' },
  { code: '1409', name: '忻州市' },
  { code: '1410', name: '临汾市' },
];

/** 0 national, 1 province, 2 city, 3 county. */
export function jurisdictionLevel(jurisdiction: Jurisdiction): number {
  if (jurisdiction === NATIONAL) return 0;
  return jurisdiction.length === 2 ? 1 : jurisdiction.length === 4 ? 2 : 3;
}

export function isJurisdictionSyntax(jurisdiction: string): boolean {
  return jurisdiction === NATIONAL || /^\d{2}$|^\d{4}$|^\d{6}$/.test(jurisdiction);
}

export function coversRegion(jurisdiction: Jurisdiction, regionCode: string): boolean {
  return jurisdiction === NATIONAL || regionCode.startsWith(jurisdiction);
}

/** The jurisdictions that cover a region, from national down to the most specific. */
export function jurisdictionChain(regionCode: string): Jurisdiction[] {
  return [NATIONAL, regionCode.slice(0, 2), regionCode.slice(0, 4), regionCode.slice(0, 6)];
}

export function jurisdictionName(
  jurisdiction: Jurisdiction,
  known: ReadonlyMap<string, JurisdictionInfo>,
): string {
  return known.get(jurisdiction)?.name ?? jurisdiction;
}
