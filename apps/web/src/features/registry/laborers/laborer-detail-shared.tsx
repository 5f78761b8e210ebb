import { isWithinScope } from '@jiuye/domain/region/region-code.ts';
import { RegionLabel } from '../../../shared/region/region-label.tsx';
import { useCurrentUser } from '../../../app/session.tsx';

/** Pieces every card of the labourer detail page uses. */

/** The look of the page's field lists: bordered, small, one to three columns by screen width. */
export const DESCRIPTIONS = { bordered: true, size: 'small' as const, column: { xs: 1, md: 2, xl: 3 } };

/**
 * A region by name: with its path when it lies in the user's view scope (the region API answers only there),
 * else the name the labourer's record carries (a home or work region in another county).
 */
export function RegionText({
  code,
  name,
  full = false,
}: {
  code: string | null;
  name: string | null;
  full?: boolean;
}) {
  const { viewScope } = useCurrentUser();
  if (!code) return <span>—</span>;
  if (isWithinScope(code, viewScope)) return <RegionLabel code={code} full={full} />;
  return <span title={code}>{name ?? code}</span>;
}
