import { useQuery } from '@tanstack/react-query';
import type { RegionDto, RegionPathDto, RegionSearchHitDto } from '@jiuye/contracts';
import { api } from '../api/client.ts';

export type Region = RegionDto;
export type RegionSearchResult = RegionSearchHitDto;

export const REGION_LEVEL_LABELS: Record<number, string> = {
  1: '省',
  2: '市',
  3: '县（区）',
  4: '乡（镇、街道）',
  5: '村（居）',
};

/** Children of a region; without a parent, the roots of the user's view scope. */
export function fetchRegionChildren(parent?: string): Promise<Region[]> {
  return api.get<Region[]>('/regions/children', { parent });
}

export function fetchRegion(code: string): Promise<Region> {
  return api.get<Region>(`/regions/${code}`);
}

export function searchRegions(q: string, limit = 20): Promise<RegionSearchResult[]> {
  return api.get<RegionSearchResult[]>('/regions/search', { q, limit });
}

export function hasChildren(region: Region): boolean {
  return region.hasChildren ?? region.level < 5;
}

const DAY = 24 * 3_600_000;

/** The regions from the root down to `code`, e.g. 山西省 › 忻州市 › 忻府区. */
export function useRegionPath(code: string | undefined) {
  return useQuery({
    queryKey: ['regions', 'path', code],
    queryFn: () => api.get<RegionPathDto>(`/regions/${code}/path`),
    enabled: Boolean(code),
    staleTime: DAY,
  });
}

export function useRegionChildren(parent: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['regions', 'children', parent ?? null],
    queryFn: () => fetchRegionChildren(parent),
    enabled,
    staleTime: DAY,
  });
}
