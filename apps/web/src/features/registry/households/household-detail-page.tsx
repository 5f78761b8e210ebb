import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../../shared/api/client.ts';
import { RegionLabel } from '../../../shared/region/region-label.tsx';
import { formatDateTime } from '../../../shared/format.ts';
import { useCan } from '../../../app/session.tsx';
import { HouseholdFormModal } from './household-form-modal.tsx';
import { useHousehold, type HouseholdMember } from '../shared/registry.api.ts';
import { EMPLOYMENT_STATUS_LABELS, useDictionaryLabel } from '../shared/dictionary.ts';

/** 户详情: the household's fields and its members, each linking to the labourer's page. */
export default function HouseholdDetailPage() {
  const { id } = useParams();
  const householdId = Number(id);
  const navigate = useNavigate();
  const can = useCan();
  const label = useDictionaryLabel();
  const [editing, setEditing] = useState(false);
  const query = useHousehold(Number.isInteger(householdId) && householdId > 0 ? householdId : undefined);
  const household = query.data;

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/registry/households')}>
      返回
    </Button>
  );
  if (query.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!household) {
    return (
      <Card title="户详情" extra={back}>
        <Alert type="error" showIcon title={query.isError ? errorMessage(query.error) : '户不存在'} />
      </Card>
    );
  }

  const members: ColumnsType<HouseholdMember> = [
    {
      key: 'name',
      title: '姓名',
      dataIndex: 'name',
      width: 100,
      render: (name: string, row) => <Link to={`/registry/laborers/${row.id}`}>{name}</Link>,
    },
    {
      key: 'relationToHead',
      title: '与户主关系',
      dataIndex: 'relationToHead',
      width: 110,
      render: (v: string | null) => label('relationship', v),
    },
    { key: 'sex', title: '性别', dataIndex: 'sex', width: 60, render: (v: string) => label('sex', v) },
    { key: 'birthDate', title: '出生日期', dataIndex: 'birthDate', width: 110 },
    { key: 'age', title: '年龄', dataIndex: 'age', width: 60, align: 'right' },
    { key: 'idNumberMasked', title: '证件号码', dataIndex: 'idNumberMasked', width: 190 },
    {
      key: 'laborCapacity',
      title: '劳动技能',
      dataIndex: 'laborCapacity',
      width: 150,
      render: (v: string) => label('labor_capacity', v),
    },
    {
      key: 'employmentStatus',
      title: '就业状态',
      dataIndex: 'employmentStatus',
      width: 100,
      render: (v: string) => EMPLOYMENT_STATUS_LABELS[v] ?? v,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={`户详情：${household.householdNumber}`}
        extra={
          <Space>
            {can('registry:write') && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                修改
              </Button>
            )}
            {back}
          </Space>
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="户编号">{household.householdNumber}</Descriptions.Item>
          <Descriptions.Item label="户主">{household.headName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="所在村">
            <RegionLabel code={household.regionCode} full />
          </Descriptions.Item>
          <Descriptions.Item label="户类型">
            {label('household_type', household.householdType)}
          </Descriptions.Item>
          <Descriptions.Item label="监测对象类别">
            {label('monitoring_category', household.monitoringCategory)}
          </Descriptions.Item>
          <Descriptions.Item label="风险类型">{household.riskType ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="风险是否消除">
            {household.isRiskEliminated ? (
              <Tag color="green">已消除</Tag>
            ) : household.riskType || household.monitoringCategory ? (
              <Tag color="orange">未消除</Tag>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="风险消除日期">{household.riskEliminatedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="成员数">{household.memberCount}</Descriptions.Item>
          <Descriptions.Item label="登记时间">{formatDateTime(household.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="更新时间">{formatDateTime(household.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={`家庭成员（${household.members.length}）`} size="small">
        <Table<HouseholdMember>
          aria-label="家庭成员"
          rowKey="id"
          size="middle"
          columns={members}
          dataSource={household.members}
          pagination={false}
          scroll={{ x: 880 }}
          locale={{ emptyText: '暂无成员' }}
        />
      </Card>
      <HouseholdFormModal open={editing} household={household} onClose={() => setEditing(false)} />
    </Space>
  );
}
