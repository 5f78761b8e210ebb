import { Tooltip } from 'antd';
import { useRegionPath } from './region.api.ts';

/** Shows a region code as its name, with the full path (山西省/忻州市/忻府区) on hover. */
export function RegionLabel({ code, full = false }: { code: string | null | undefined; full?: boolean }) {
  const { data, isError } = useRegionPath(code ?? undefined);
  if (!code) return <span>—</span>;
  if (!data || isError) return <span>{code}</span>;
  const path = data.map((region) => region.name).join('/');
  const name = data.at(-1)?.name ?? code;
  if (full) return <span title={code}>{path}</span>;
  return (
    <Tooltip title={`${path}（${code}）`}>
      <span>{name}</span>
    </Tooltip>
  );
}
