import { useState } from 'react';
import { App, Form, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_KINDS,
  type OrganizationKind,
} from '@jiuye/contracts/organizations.ts';
import { errorMessage } from '../../shared/api/client.ts';
import {
  ListTable,
  RegionListPage,
  SearchPanel,
  useColumnChooser,
  useListRegion,
  useListState,
} from '../../shared/layout/list-page.tsx';
import { RegionLabel } from '../../shared/region/region-label.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useCan } from '../../app/session.tsx';
import { OrganizationFormModal } from './organization-form-modal.tsx';
import { useOrganizationMutations, useOrganizations, type Organization } from './organization.api.ts';

interface SearchValues {
  name?: string;
  kind?: OrganizationKind;
  isActive?: 'true' | 'false';
}

/** 机构管理: the service organisations of the selected region. */
export default function OrganizationListPage() {
  const can = useCan();
  const canWrite = can('organization:write');
  const { message } = App.useApp();
  const listState = useListState<SearchValues>({});
  const region = useListRegion(listState.toFirstPage);
  const { regionCode } = region;
  const [editing, setEditing] = useState<{ organization?: Organization } | undefined>();
  const [form] = Form.useForm<SearchValues>();
  const { update, deactivate } = useOrganizationMutations();

  const filter = { regionCode, ...listState.search, ...listState.paging };
  const list = useOrganizations(filter, Boolean(regionCode));

  const setActive = async (organization: Organization, isActive: boolean) => {
    try {
      if (isActive) await update.mutateAsync({ id: organization.id, isActive: true });
      else await deactivate.mutateAsync(organization.id);
      message.success(isActive ? `已启用“${organization.name}”` : `已停用“${organization.name}”`);
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const columns: ColumnsType<Organization> = [
    { key: 'name', title: '机构名称', dataIndex: 'name', width: 240, ellipsis: true },
    {
      key: 'kind',
      title: '机构类型',
      dataIndex: 'kind',
      width: 170,
      render: (kind: OrganizationKind) => ORGANIZATION_KIND_LABELS[kind] ?? kind,
    },
    {
      key: 'region',
      title: '所在区划',
      width: 150,
      render: (_, row) =>
        row.regionName ? (
          <span title={row.regionCode}>{row.regionName}</span>
        ) : (
          <RegionLabel code={row.regionCode} />
        ),
    },
    {
      key: 'parent',
      title: '上级机构',
      width: 180,
      ellipsis: true,
      render: (_, row) => row.parentName ?? '—',
    },
    {
      key: 'contactPerson',
      title: '联系人',
      dataIndex: 'contactPerson',
      width: 100,
      render: (v: string | null) => v ?? '—',
    },
    {
      key: 'contactPhone',
      title: '联系电话',
      dataIndex: 'contactPhone',
      width: 130,
      render: (v: string | null) => v ?? '—',
    },
    {
      key: 'serviceArea',
      title: '服务地域',
      dataIndex: 'serviceArea',
      width: 110,
      render: (v: string | null) => v ?? '—',
    },
    {
      key: 'isActive',
      title: '状态',
      dataIndex: 'isActive',
      width: 80,
      render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
    },
    { key: 'updatedAt', title: '更新时间', dataIndex: 'updatedAt', width: 160, render: formatDateTime },
    ...(canWrite
      ? [
          {
            key: 'actions',
            title: '操作',
            width: 130,
            fixed: 'right' as const,
            render: (_: unknown, row: Organization) => (
              <Space size={4}>
                <Typography.Link onClick={() => setEditing({ organization: row })}>修改</Typography.Link>
                {row.isActive ? (
                  <Popconfirm
                    title={`停用“${row.name}”？`}
                    description="停用后不能再选作用户的所属机构或上级机构。"
                    okText="停用"
                    cancelText="取消"
                    onConfirm={() => setActive(row, false)}
                  >
                    <Typography.Link type="danger">停用</Typography.Link>
                  </Popconfirm>
                ) : (
                  <Popconfirm
                    title={`启用“${row.name}”？`}
                    okText="启用"
                    cancelText="取消"
                    onConfirm={() => setActive(row, true)}
                  >
                    <Typography.Link>启用</Typography.Link>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];
  const columnChooser = useColumnChooser('organizations', columns);

  return (
    <RegionListPage region={region}>
      <SearchPanel<SearchValues>
        name="organizationSearch"
        form={form}
        state={listState}
        onSearch={(values) => listState.setSearch({ ...values, name: values.name?.trim() || undefined })}
      >
        <Form.Item label="机构名称" name="name">
          <Input placeholder="请输入机构名称" allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="机构类型" name="kind">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 200 }}
            options={ORGANIZATION_KINDS.map((value) => ({ value, label: ORGANIZATION_KIND_LABELS[value] }))}
          />
        </Form.Item>
        <Form.Item label="状态" name="isActive">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 100 }}
            options={[
              { value: 'true', label: '启用' },
              { value: 'false', label: '停用' },
            ]}
          />
        </Form.Item>
      </SearchPanel>
      <ListTable<Organization>
        onCreate={canWrite ? () => setEditing({}) : undefined}
        regionCode={regionCode}
        query={list}
        columnChooser={columnChooser}
        rowKey="id"
        state={listState}
        emptyText="暂无机构"
      />
      <OrganizationFormModal
        open={editing !== undefined}
        organization={editing?.organization}
        defaultRegionCode={regionCode}
        onClose={() => setEditing(undefined)}
      />
    </RegionListPage>
  );
}
