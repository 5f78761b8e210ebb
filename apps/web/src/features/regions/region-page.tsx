import { useState } from 'react';
import { Card, Descriptions, Empty, Input, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { ancestorCodes } from '@jiuye/domain/region/region-code.ts';
import { errorMessage } from '../../shared/api/client.ts';
import { ListPage } from '../../shared/layout/list-page.tsx';
import { RegionTree } from '../../shared/region/region-tree.tsx';
import {
  REGION_LEVEL_LABELS,
  searchRegions,
  useRegionChildren,
  useRegionPath,
  type Region,
  type RegionSearchResult,
} from '../../shared/region/region.api.ts';
import { useWorkingRegion } from '../../app/region-context.tsx';

const levelTag = (level: number) => <Tag>{REGION_LEVEL_LABELS[level] ?? level}</Tag>;

/** 区划查询: browse the 统计用区划代码 tree of the user's scope, or find a region by name. */
export default function RegionPage() {
  const { regionCode: workingRegion } = useWorkingRegion();
  const [selected, setSelected] = useState<string>(workingRegion);
  const [query, setQuery] = useState('');
  const path = useRegionPath(selected);
  const children = useRegionChildren(selected, Boolean(selected));
  const found = useQuery({
    queryKey: ['regions', 'search', query],
    queryFn: () => searchRegions(query, 50),
    enabled: query.length > 0,
  });
  const region = path.data?.at(-1);

  const choose = (code: string) => setSelected(code);

  const searchColumns: ColumnsType<RegionSearchResult> = [
    { key: 'name', title: '名称', dataIndex: 'name', width: 180 },
    { key: 'code', title: '区划代码', dataIndex: 'code', width: 140 },
    { key: 'level', title: '级别', dataIndex: 'level', width: 120, render: levelTag },
    { key: 'path', title: '完整名称', dataIndex: 'path' },
  ];
  const childColumns: ColumnsType<Region> = [
    {
      key: 'name',
      title: '名称',
      dataIndex: 'name',
      render: (name: string, row) => (
        <Typography.Link onClick={() => choose(row.code)}>{name}</Typography.Link>
      ),
    },
    { key: 'code', title: '区划代码', dataIndex: 'code', width: 160 },
    { key: 'level', title: '级别', dataIndex: 'level', width: 140, render: levelTag },
  ];

  return (
    <ListPage
      sideTitle="行政区划"
      side={
        <RegionTree
          selectedCode={selected}
          onSelect={choose}
          expandCodes={selected ? ancestorCodes(selected) : undefined}
        />
      }
    >
      <Card size="small" title="按名称查找">
        <Input.Search
          placeholder="输入区划名称，如：播明村"
          enterButton="查找"
          allowClear
          style={{ maxWidth: 420 }}
          onSearch={(value) => setQuery(value.trim())}
          aria-label="区划名称"
        />
        {query && (
          <Table<RegionSearchResult>
            style={{ marginTop: 12 }}
            rowKey="code"
            size="small"
            columns={searchColumns}
            dataSource={found.data}
            loading={found.isFetching}
            pagination={false}
            locale={{ emptyText: found.isError ? errorMessage(found.error) : '没有找到匹配的区划' }}
            onRow={(row) => ({ onClick: () => choose(row.code), style: { cursor: 'pointer' } })}
          />
        )}
      </Card>
      <Card size="small" title="区划信息">
        {!selected ? (
          <Empty description="请在左侧选择区划" />
        ) : path.isError ? (
          <Typography.Text type="danger">{errorMessage(path.error)}</Typography.Text>
        ) : (
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              { key: 'name', label: '名称', children: region?.name ?? '…' },
              { key: 'code', label: '区划代码', children: selected },
              { key: 'level', label: '级别', children: region ? levelTag(region.level) : '…' },
              { key: 'count', label: '下级区划数', children: children.data?.length ?? '…' },
              {
                key: 'path',
                label: '完整名称',
                span: 2,
                children: path.data ? path.data.map((r) => r.name).join(' / ') : '…',
              },
            ]}
          />
        )}
      </Card>
      {selected && (
        <Card size="small" title="下级区划">
          <Table<Region>
            rowKey="code"
            size="small"
            columns={childColumns}
            dataSource={children.data}
            loading={children.isFetching}
            pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 个`, hideOnSinglePage: true }}
            locale={{ emptyText: children.isError ? errorMessage(children.error) : '没有下级区划' }}
          />
        </Card>
      )}
    </ListPage>
  );
}
