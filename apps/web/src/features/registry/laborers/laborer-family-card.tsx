import { Link } from 'react-router-dom';
import { Card, Descriptions, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { MaskedField } from '../../../shared/masked-field.tsx';
import type { HouseholdMember, LaborerDetailDto } from '../shared/registry.api.ts';
import {
  EMPLOYMENT_STATUS_COLORS,
  EMPLOYMENT_STATUS_LABELS,
  useDictionaryLabel,
} from '../shared/dictionary.ts';
import { DESCRIPTIONS } from './laborer-detail-shared.tsx';

/** 家庭信息: the household the labourer belongs to, and its other registered members. */
export function FamilyCard({ family }: { family: LaborerDetailDto['family'] }) {
  const label = useDictionaryLabel();
  const memberColumns: ColumnsType<HouseholdMember> = [
    {
      key: 'name',
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      render: (name: string, member) => <Link to={`/registry/laborers/${member.id}`}>{name}</Link>,
    },
    {
      key: 'relationToHead',
      title: '与户主关系',
      dataIndex: 'relationToHead',
      width: 110,
      render: (code: string | null) => label('relationship', code),
    },
    { key: 'sex', title: '性别', dataIndex: 'sex', width: 70, render: (code: string) => label('sex', code) },
    { key: 'age', title: '年龄', dataIndex: 'age', width: 70 },
    {
      key: 'idNumber',
      title: '证件号码',
      dataIndex: 'idNumberMasked',
      width: 200,
      render: (masked: string) => <MaskedField masked={masked} />,
    },
    {
      key: 'laborCapacity',
      title: '劳动技能',
      dataIndex: 'laborCapacity',
      width: 150,
      render: (code: string) => label('labor_capacity', code),
    },
    {
      key: 'employmentStatus',
      title: '就业状态',
      dataIndex: 'employmentStatus',
      width: 100,
      render: (status: string) => (
        <Tag color={EMPLOYMENT_STATUS_COLORS[status]}>{EMPLOYMENT_STATUS_LABELS[status] ?? status}</Tag>
      ),
    },
  ];

  return (
    <Card size="small" title="家庭信息">
      {family.household ? (
        <>
          <Descriptions
            {...DESCRIPTIONS}
            items={[
              {
                key: 'householdNumber',
                label: '户编号',
                children: (
                  <Link to={`/registry/households/${family.household.id}`}>
                    {family.household.householdNumber}
                  </Link>
                ),
              },
              { key: 'headName', label: '户主', children: family.household.headName ?? '—' },
              {
                key: 'relationToHead',
                label: '与户主关系',
                children: label('relationship', family.relationToHead),
              },
              {
                key: 'householdType',
                label: '户类型',
                children: label('household_type', family.household.householdType),
              },
              {
                key: 'monitoringCategory',
                label: '监测对象类别',
                children: label('monitoring_category', family.household.monitoringCategory),
              },
              {
                key: 'risk',
                label: '风险',
                children: family.household.riskType
                  ? `${family.household.riskType}（${family.household.isRiskEliminated ? `已消除${family.household.riskEliminatedOn ? `，${family.household.riskEliminatedOn}` : ''}` : '未消除'}）`
                  : '—',
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            家庭其他成员（{family.members.length}人）
          </Typography.Title>
          <Table<HouseholdMember>
            rowKey="id"
            size="small"
            columns={memberColumns}
            dataSource={family.members}
            pagination={false}
            scroll={{ x: 810 }}
            locale={{ emptyText: '没有其他登记的家庭成员' }}
          />
        </>
      ) : (
        <Descriptions
          {...DESCRIPTIONS}
          items={[
            { key: 'household', label: '所属户', children: '未关联户' },
            {
              key: 'relationToHead',
              label: '与户主关系',
              children: label('relationship', family.relationToHead),
            },
          ]}
        />
      )}
    </Card>
  );
}
