import { useEffect, useState } from 'react';
import { Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../shared/api/client.ts';
import {
  ListPage,
  paginationOf,
  SearchPanel,
  TableToolbar,
  tableWidth,
  useColumnChooser,
} from '../../../shared/layout/list-page.tsx';
import { RegionTree } from '../../../shared/region/region-tree.tsx';
import { RegionLabel } from '../../../shared/region/region-label.tsx';
import { formatDateTime } from '../../../shared/format.ts';
import { useCan } from '../../../app/session.tsx';
import { useWorkingRegion } from '../../../app/region-context.tsx';
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
  const { regionCode: workingRegion } = useWorkingRegion();
  const [regionCode, setRegionCode] = useState(workingRegion);
  const [search, setSearch] = useState<SearchValues>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [showSearch, setShowSearch] = useState(true);
  const [editing, setEditing] = useState<{ household?: Household } | undefined>();
  const [form] = Form.useForm<SearchValues>();

  useEffect(() => {
    setRegionCode(workingRegion);
    setPaging((p) => ({ ...p, page: 1 }));
  }, [workingRegion]);

  const list = useHouseholds({ regionCode, ...search, ...paging }, Boolean(regionCode));

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
  const { visible, toolbarProps } = useColumnChooser('households', columns);

  return (
    <ListPage
      sideTitle="行政区划"
      side={
        <RegionTree
          rootCodes={workingRegion ? [workingRegion] : undefined}
          selectedCode={regionCode}
          onSelect={(code) => {
            setRegionCode(code);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        />
      }
    >
      <SearchPanel<SearchValues>
        name="householdSearch"
        form={form}
        hidden={!showSearch}
        onSearch={(values) => {
          setSearch({
            ...values,
            householdNumber: values.householdNumber?.trim() || undefined,
            headName: values.headName?.trim() || undefined,
            riskType: values.riskType?.trim() || undefined,
          });
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        onReset={() => {
          setSearch({});
          setPaging((p) => ({ ...p, page: 1 }));
        }}
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
      <Card size="small">
        <TableToolbar
          onRefresh={() => void list.refetch()}
          searchShown={showSearch}
          onToggleSearch={() => setShowSearch(!showSearch)}
          {...toolbarProps}
        >
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              新增
            </Button>
          )}
          <ImportLaborersButton />
          <Typography.Text type="secondary">
            区划：
            <RegionLabel code={regionCode} full />
          </Typography.Text>
        </TableToolbar>
        <Table<Household>
          rowKey="id"
          size="middle"
          columns={visible}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: tableWidth(visible) }}
          locale={{ emptyText: list.isError ? errorMessage(list.error) : '暂无户信息' }}
          pagination={paginationOf(paging.page, paging.pageSize, list.data?.total, (page, pageSize) =>
            setPaging({ page, pageSize }),
          )}
        />
      </Card>
      <HouseholdFormModal
        open={editing !== undefined}
        household={editing?.household}
        defaultRegionCode={regionCode}
        onClose={() => setEditing(undefined)}
      />
    </ListPage>
  );
}
