import { useState } from 'react';
import { Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import {
  ListTable,
  RegionListPage,
  SearchPanel,
  useColumnChooser,
  useListRegion,
  useListState,
} from '../../../shared/layout/list-page.tsx';
import { RegionLabel } from '../../../shared/region/region-label.tsx';
import { formatDateTime } from '../../../shared/format.ts';
import { useCan } from '../../../app/session.tsx';
import { ImportLaborersButton } from '../import/import-laborers-button.tsx';
import { HouseholdFormModal } from './household-form-modal.tsx';
import { useHouseholds } from '../shared/registry.api.ts';
import { useDictionaryLabel, useDictionaryOptions } from '../shared/dictionary.ts';
import type { Household } from './household.api.ts';

interface SearchValues {
  householdNumber?: string;
  headName?: string;
  householdType?: string;
  monitoringCategory?: string;
  riskType?: string;
  isRiskEliminated?: 'true' | 'false';
}

/** 户管理: the households of the region chosen in the tree (脱贫户、监测户 …) with their risk state. */
export default function HouseholdListPage() {
  const can = useCan();
  const canWrite = can('registry:write');
  const label = useDictionaryLabel();
  const { options } = useDictionaryOptions();
  const listState = useListState<SearchValues>({});
  const region = useListRegion(listState.toFirstPage);
  const { regionCode } = region;
  const [editing, setEditing] = useState<{ household?: Household } | undefined>();
  const [form] = Form.useForm<SearchValues>();

  const list = useHouseholds({ regionCode, ...listState.search, ...listState.paging }, Boolean(regionCode));

  const columns: ColumnsType<Household> = [
    {
      key: 'householdNumber',
      title: '户编号',
      dataIndex: 'householdNumber',
      width: 170,
      render: (value: string, row) => <Link to={`/registry/households/${row.id}`}>{value}</Link>,
    },
    {
      key: 'headName',
      title: '户主',
      dataIndex: 'headName',
      width: 100,
      render: (v: string | null) => v ?? '—',
    },
    {
      key: 'region',
      title: '所在村',
      width: 150,
      ellipsis: true,
      render: (_, row) =>
        row.regionName ? (
          <span title={row.regionCode}>{row.regionName}</span>
        ) : (
          <RegionLabel code={row.regionCode} />
        ),
    },
    {
      key: 'householdType',
      title: '户类型',
      dataIndex: 'householdType',
      width: 100,
      render: (v: string) => label('household_type', v),
    },
    {
      key: 'monitoringCategory',
      title: '监测对象类别',
      dataIndex: 'monitoringCategory',
      width: 130,
      render: (v: string | null) => label('monitoring_category', v),
    },
    {
      key: 'riskType',
      title: '风险类型',
      dataIndex: 'riskType',
      width: 120,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      key: 'isRiskEliminated',
      title: '风险消除',
      width: 140,
      render: (_, row) =>
        row.isRiskEliminated ? (
          <Tag color="green">已消除{row.riskEliminatedOn ? ` ${row.riskEliminatedOn}` : ''}</Tag>
        ) : row.riskType || row.monitoringCategory ? (
          <Tag color="orange">未消除</Tag>
        ) : (
          '—'
        ),
    },
    { key: 'memberCount', title: '成员数', dataIndex: 'memberCount', width: 80, align: 'right' },
    { key: 'updatedAt', title: '更新时间', dataIndex: 'updatedAt', width: 160, render: formatDateTime },
    {
      key: 'actions',
      title: '操作',
      width: 110,
      fixed: 'right',
      render: (_, row) => (
        <Space size={4}>
          <Link to={`/registry/households/${row.id}`}>详情</Link>
          {canWrite && <Typography.Link onClick={() => setEditing({ household: row })}>修改</Typography.Link>}
        </Space>
      ),
    },
  ];
  const columnChooser = useColumnChooser('households', columns);

  return (
    <RegionListPage region={region}>
      <SearchPanel<SearchValues>
        name="householdSearch"
        form={form}
        state={listState}
        onSearch={(values) =>
          listState.setSearch({
            ...values,
            householdNumber: values.householdNumber?.trim() || undefined,
            headName: values.headName?.trim() || undefined,
            riskType: values.riskType?.trim() || undefined,
          })
        }
      >
        <Form.Item label="户编号" name="householdNumber">
          <Input placeholder="户编号开头" allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item label="户主" name="headName">
          <Input placeholder="户主姓名" allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label="户类型" name="householdType">
          <Select placeholder="全部" allowClear style={{ width: 140 }} options={options('household_type')} />
        </Form.Item>
        <Form.Item label="监测对象类别" name="monitoringCategory">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 160 }}
            options={options('monitoring_category')}
          />
        </Form.Item>
        <Form.Item label="风险类型" name="riskType">
          <Input placeholder="如：因病、因残" allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label="风险消除" name="isRiskEliminated">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 120 }}
            options={[
              { value: 'false', label: '未消除' },
              { value: 'true', label: '已消除' },
            ]}
          />
        </Form.Item>
      </SearchPanel>
      <ListTable<Household>
        onCreate={canWrite ? () => setEditing({}) : undefined}
        actions={<ImportLaborersButton />}
        regionCode={regionCode}
        query={list}
        columnChooser={columnChooser}
        rowKey="id"
        state={listState}
        emptyText="暂无户信息"
      />
      <HouseholdFormModal
        open={editing !== undefined}
        household={editing?.household}
        defaultRegionCode={regionCode}
        onClose={() => setEditing(undefined)}
      />
    </RegionListPage>
  );
}
