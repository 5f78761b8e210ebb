import { useEffect, useState } from 'react';
import { Alert, Empty, Spin, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/client.ts';
import { fetchRegion, fetchRegionChildren, hasChildren, type Region } from './region.api.ts';

interface RegionNode extends TreeDataNode {
  key: string;
  region: Region;
  children?: RegionNode[];
}

const toNode = (region: Region): RegionNode => ({
  key: region.code,
  title: region.name,
  isLeaf: !hasChildren(region),
  region,
});

function withChildren(nodes: RegionNode[], key: string, children: RegionNode[]): RegionNode[] {
  return nodes.map((node) => {
    if (node.key === key) return { ...node, children, isLeaf: children.length === 0 };
    if (node.children) return { ...node, children: withChildren(node.children, key, children) };
    return node;
  });
}

export interface RegionTreeProps {
  /** Roots of the tree; by default the roots of the user's view scope. */
  rootCodes?: string[];
  selectedCode?: string;
  onSelect?: (code: string, region: Region) => void;
  /** Codes to expand on load, e.g. the path to the selected region. */
  expandCodes?: string[];
}

/** The region tree of the list pages: lazily loads each level from /api/regions/children. */
export function RegionTree({ rootCodes, selectedCode, onSelect, expandCodes }: RegionTreeProps) {
  const queryClient = useQueryClient();
  const [treeData, setTreeData] = useState<RegionNode[]>([]);
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [loadedKeys, setLoadedKeys] = useState<string[]>([]);
  const [state, setState] = useState<{ loading: boolean; error?: string }>({ loading: true });
  const rootKey = rootCodes?.join(',') ?? '';

  useEffect(() => {
    let cancelled = false;
    const codes = rootKey ? rootKey.split(',') : [];
    const load = codes.length
      ? Promise.all(
          codes.map((code) =>
            queryClient.fetchQuery({
              queryKey: ['regions', 'one', code],
              queryFn: () => fetchRegion(code),
              staleTime: 86_400_000,
            }),
          ),
        )
      : queryClient.fetchQuery({
          queryKey: ['regions', 'children', null],
          queryFn: () => fetchRegionChildren(),
          staleTime: 86_400_000,
        });
    setState({ loading: true });
    load.then(
      (roots) => {
        if (cancelled) return;
        setTreeData(roots.map(toNode));
        setLoadedKeys([]);
        // A single root opens at once: a county clerk wants to see the townships, not one folded node.
        setExpandedKeys(roots.length === 1 ? [roots[0]!.code] : []);
        setState({ loading: false });
      },
      (error: unknown) => {
        if (!cancelled) setState({ loading: false, error: errorMessage(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [rootKey, queryClient]);

  useEffect(() => {
    if (expandCodes?.length) setExpandedKeys((keys) => [...new Set([...keys, ...expandCodes])]);
  }, [expandCodes]);

  const loadData = async (node: RegionNode) => {
    if (node.children) return;
    const children = await queryClient.fetchQuery({
      queryKey: ['regions', 'children', node.key],
      queryFn: () => fetchRegionChildren(node.key),
      staleTime: 86_400_000,
    });
    setTreeData((nodes) => withChildren(nodes, node.key, children.map(toNode)));
    setLoadedKeys((keys) => [...keys, node.key]);
  };

  if (state.loading) {
    return (
      <div style={{ padding: 24, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (state.error) return <Alert type="error" title={state.error} showIcon />;
  if (treeData.length === 0) return <Empty description="没有可查看的区划" />;

  return (
    <Tree<RegionNode>
      blockNode
      treeData={treeData}
      loadData={loadData}
      loadedKeys={loadedKeys}
      expandedKeys={expandedKeys}
      onExpand={(keys) => setExpandedKeys(keys as string[])}
      selectedKeys={selectedCode ? [selectedCode] : []}
      onSelect={(_keys, info) => onSelect?.(info.node.key, info.node.region)}
    />
  );
}
