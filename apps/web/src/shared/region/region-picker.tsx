import { useEffect, useMemo, useState } from 'react';
import { TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { isWithinScope } from '@jiuye/domain/region/region-code.ts';
import { useSession } from '../../app/session.tsx';
import {
  fetchRegion,
  fetchRegionChildren,
  hasChildren,
  searchRegions,
  type Region,
  type RegionSearchResult,
} from './region.api.ts';

interface PickerNode {
  id: string;
  pId: string | null;
  value: string;
  /** Shown in the drop-down: the name, or the full path for search results. */
  title: string;
  /** Shown in the box once chosen. */
  label: string;
  isLeaf: boolean;
  level: number;
}

interface LabeledValue {
  value: string;
  label: string;
}

export interface RegionPickerProps {
  value?: string | string[] | null;
  onChange?: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  /** Levels that may be chosen (1 省 … 5 村); others only open. */
  levels?: readonly number[];
  /** The regions offered; by default the user's view scope. */
  scope?: string[];
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: React.CSSProperties;
  id?: string;
  'aria-label'?: string;
}

const DAY = 86_400_000;

function toNode(region: Region, path?: string): PickerNode {
  return {
    id: region.code,
    pId: path ? null : region.parentCode,
    value: region.code,
    title: path ?? region.name,
    label: region.name,
    isLeaf: path ? true : !hasChildren(region),
    level: region.level,
  };
}

/**
 * A region picker within the user's scope: a tree loaded level by level, and a search by name
 * (/api/regions/search) that lists matching regions with their full path.
 */
export function RegionPicker({
  value,
  onChange,
  multiple = false,
  levels,
  scope,
  placeholder = '请选择区划',
  allowClear = true,
  disabled,
  style,
  id,
  'aria-label': ariaLabel,
}: RegionPickerProps) {
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const bounds = useMemo(() => scope ?? session?.user.viewScope ?? [], [scope, session]);
  const boundsKey = bounds.join(',');
  const [nodes, setNodes] = useState<PickerNode[]>([]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<PickerNode[] | undefined>();
  const [searching, setSearching] = useState(false);
  const [expanded, setExpanded] = useState<string[]>([]);

  // Roots: the scope's own regions, so nothing outside the scope is ever offered.
  useEffect(() => {
    let cancelled = false;
    const codes = boundsKey ? boundsKey.split(',') : [];
    const load = scope
      ? Promise.all(
          codes.map((code) =>
            queryClient.fetchQuery({
              queryKey: ['regions', 'one', code],
              queryFn: () => fetchRegion(code),
              staleTime: DAY,
            }),
          ),
        )
      : queryClient.fetchQuery({
          queryKey: ['regions', 'children', null],
          queryFn: () => fetchRegionChildren(),
          staleTime: DAY,
        });
    load.then(
      (roots) => {
        if (cancelled) return;
        setNodes(roots.map((root) => ({ ...toNode(root), pId: null })));
        // A single root (a county clerk's county) opens at once on its townships.
        setExpanded(roots.length === 1 ? [roots[0]!.code] : []);
      },
      () => {
        if (!cancelled) setNodes([]);
      },
    );
    return () => {
      cancelled = true;
    };
    // `scope` counts through boundsKey: a new array with the same codes is the same scope.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boundsKey, queryClient]);

  // Names of values that are not (yet) in the loaded tree.
  const codes = useMemo(() => (value == null ? [] : Array.isArray(value) ? value : [value]), [value]);
  useEffect(() => {
    const missing = codes.filter((code) => !names.has(code) && !nodes.some((node) => node.id === code));
    if (missing.length === 0) return;
    let cancelled = false;
    void Promise.all(
      missing.map((code) =>
        queryClient
          .fetchQuery({
            queryKey: ['regions', 'one', code],
            queryFn: () => fetchRegion(code),
            staleTime: DAY,
          })
          .then((region) => [code, region.name] as const)
          .catch(() => [code, code] as const),
      ),
    ).then((pairs) => {
      if (!cancelled) setNames((previous) => new Map([...previous, ...pairs]));
    });
    return () => {
      cancelled = true;
    };
  }, [codes, names, nodes, queryClient]);

  useEffect(() => {
    const q = search.trim();
    if (!q) {
      setResults(undefined);
      return;
    }
    let cancelled = false;
    setSearching(true);
    const timer = setTimeout(() => {
      searchRegions(q, 30)
        .then((found: RegionSearchResult[]) => {
          if (cancelled) return;
          const inside = found.filter((region) => bounds.length === 0 || isWithinScope(region.code, bounds));
          setResults(inside.map((region) => toNode(region, region.path)));
        })
        .catch(() => {
          if (!cancelled) setResults([]);
        })
        .finally(() => {
          if (!cancelled) setSearching(false);
        });
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // As above: `bounds` is read through boundsKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, boundsKey]);

  const loadData = async (dataNode: object) => {
    const { id: code } = dataNode as Partial<PickerNode>;
    if (!code || nodes.some((node) => node.pId === code)) return;
    const children = await queryClient.fetchQuery({
      queryKey: ['regions', 'children', code],
      queryFn: () => fetchRegionChildren(code),
      staleTime: DAY,
    });
    setNodes((previous) => [
      ...previous,
      ...children.filter((child) => !previous.some((node) => node.id === child.code)).map((c) => toNode(c)),
    ]);
  };

  const labelOf = (code: string) =>
    names.get(code) ??
    nodes.find((node) => node.id === code)?.label ??
    results?.find((n) => n.id === code)?.label;
  const labeled: LabeledValue[] = codes.map((code) => ({ value: code, label: labelOf(code) ?? code }));

  const remember = (chosen: LabeledValue[]) => {
    const found = chosen
      .map((item) => {
        const node = results?.find((n) => n.id === item.value) ?? nodes.find((n) => n.id === item.value);
        return node ? ([item.value, node.label] as const) : undefined;
      })
      .filter((pair): pair is readonly [string, string] => pair !== undefined);
    if (found.length) setNames((previous) => new Map([...previous, ...found]));
  };

  return (
    <TreeSelect
      id={id}
      aria-label={ariaLabel}
      style={style}
      disabled={disabled}
      multiple={multiple}
      allowClear={allowClear}
      placeholder={placeholder}
      labelInValue
      treeDataSimpleMode
      treeNodeLabelProp="label"
      treeData={(results ?? nodes).map((node) => ({
        ...node,
        // A level that may not be chosen still opens, greyed out.
        disabled: levels !== undefined && !levels.includes(node.level),
      }))}
      loadData={results ? undefined : loadData}
      treeExpandedKeys={results ? undefined : expanded}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      value={multiple ? labeled : labeled[0]}
      showSearch={{
        searchValue: search,
        onSearch: setSearch,
        filterTreeNode: false,
        autoClearSearchValue: true,
      }}
      notFoundContent={searching ? '搜索中…' : search ? '没有匹配的区划' : '暂无数据'}
      popupMatchSelectWidth={false}
      // A lazy tree holds a few hundred nodes at most; without virtual scrolling a value outside the loaded nodes
      // does not send the list looking for it.
      virtual={false}
      styles={{ popup: { root: { maxHeight: 420, minWidth: 280 } } }}
      onChange={(next: LabeledValue | LabeledValue[] | undefined) => {
        const chosen = next === undefined ? [] : Array.isArray(next) ? next : [next];
        remember(chosen);
        setSearch('');
        onChange?.(multiple ? chosen.map((item) => item.value) : chosen[0]?.value);
      }}
    />
  );
}
