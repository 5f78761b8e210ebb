import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { isWithinScope } from '@jiuye/domain/region/region-code.ts';
import { ApiError, errorMessage } from '../../../shared/api/client.ts';
import { MaskedField } from '../../../shared/masked-field.tsx';
import { RegionLabel } from '../../../shared/region/region-label.tsx';
import { formatDateTime } from '../../../shared/format.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import {
  useLaborer,
  useLaborerMutations,
  type HouseholdMember,
  type LaborerDetailDto,
  type SensitiveField,
} from '../shared/registry.api.ts';
import {
  EMPLOYMENT_STATUS_COLORS,
  EMPLOYMENT_STATUS_LABELS,
  useDictionaryLabel,
} from '../shared/dictionary.ts';
import { OccupationLabel } from '../shared/occupation-select.tsx';
import { LaborerFormDrawer } from './laborer-form-drawer.tsx';
import { LaborerHistory } from './laborer-history.tsx';

type Spell = LaborerDetailDto['employment']['spells'][number];

/**
 * A region by name: with its path when it lies in the user's view scope (the region API answers only there),
 * else the name the labourer's record carries (a home or work region in another county).
 */
function RegionText({
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

const yesNo = (value: boolean) => (value ? '是' : '否');
const yuan = (fen: number | null) => (fen === null ? '—' : `${(fen / 100).toLocaleString('zh-CN')} 元`);

/** 劳动力详情: the fields grouped as on the paper forms (实名制台账), the household, and the change history. */
export default function LaborerDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const navigate = useNavigate();
  const can = useCan();
  const label = useDictionaryLabel();
  const laborer = useLaborer(Number.isInteger(id) && id > 0 ? id : undefined);
  const { reveal } = useLaborerMutations();
  const [editing, setEditing] = useState(false);

  if (
    !Number.isInteger(id) ||
    id <= 0 ||
    (laborer.error instanceof ApiError && laborer.error.status === 404)
  ) {
    return (
      <Result
        status="404"
        title="劳动力不存在"
        subTitle="该劳动力不存在，或不在您的查看范围内。"
        extra={<Button onClick={() => navigate('/registry/laborers')}>返回劳动力台账</Button>}
      />
    );
  }
  if (laborer.isError) {
    return (
      <Result
        status="error"
        title="无法读取劳动力信息"
        subTitle={errorMessage(laborer.error)}
        extra={<Button onClick={() => void laborer.refetch()}>重试</Button>}
      />
    );
  }
  if (!laborer.data)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 12 }} />
      </Card>
    );

  const data = laborer.data;
  const { basic, intention, employment, family } = data;
  const canEdit = data.canEdit && !data.isReadOnly && can('registry:write');
  const canReveal = can('registry:reveal') && !data.isReadOnly;
  const revealer = (field: SensitiveField) =>
    canReveal
      ? async (purpose: string) => (await reveal.mutateAsync({ id, field, purpose })).value ?? '—'
      : undefined;

  const spellColumns: ColumnsType<Spell> = [
    {
      key: 'period',
      title: '起止年月',
      width: 160,
      render: (_, spell) => `${spell.startMonth} 至 ${spell.endMonth ?? '今'}`,
    },
    {
      key: 'employmentForm',
      title: '就业形式',
      dataIndex: 'employmentForm',
      width: 100,
      render: (code: string) => label('employment_form', code),
    },
    {
      key: 'workArea',
      title: '务工地域',
      dataIndex: 'workArea',
      width: 100,
      render: (code: string) => label('work_area', code),
    },
    {
      key: 'workRegion',
      title: '务工所在地',
      width: 180,
      render: (_, spell) => <RegionText code={spell.workRegionCode} name={spell.workRegionName} />,
    },
    {
      key: 'employerName',
      title: '就业单位',
      dataIndex: 'employerName',
      width: 180,
      ellipsis: true,
      render: (name: string | null) => name ?? '—',
    },
    {
      key: 'industry',
      title: '行业',
      dataIndex: 'industry',
      width: 80,
      render: (v: string | null) => v ?? '—',
    },
    {
      key: 'channel',
      title: '就业渠道',
      dataIndex: 'channel',
      width: 120,
      render: (code: string | null) => label('employment_channel', code),
    },
    { key: 'income', title: '月收入', dataIndex: 'monthlyIncomeFen', width: 110, render: yuan },
    {
      key: 'flags',
      title: '其他',
      width: 220,
      render: (_, spell) => (
        <Space size={[4, 4]} wrap>
          {spell.isOrganizedTransport && <Tag>点对点输送</Tag>}
          {spell.hasTransportSubsidy && <Tag>交通补贴</Tag>}
          {spell.hasContract && <Tag>签订合同</Tag>}
          {spell.hasSocialInsurance && <Tag>参加社保</Tag>}
        </Space>
      ),
    },
  ];

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

  const descriptions = { bordered: true, size: 'small' as const, column: { xs: 1, md: 2, xl: 3 } };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size={12} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回">
              返回
            </Button>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {basic.name}
            </Typography.Title>
            <Tag color={EMPLOYMENT_STATUS_COLORS[employment.status]}>
              {EMPLOYMENT_STATUS_LABELS[employment.status] ?? employment.status}
            </Tag>
            {family.household && (
              <Tag color="blue">{label('household_type', family.household.householdType)}</Tag>
            )}
            <Typography.Text type="secondary">
              <RegionText code={data.regionCode} name={data.regionName} full />
            </Typography.Text>
          </Space>
          {canEdit && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
              编辑
            </Button>
          )}
        </Space>
      </Card>
      {data.isReadOnly && (
        <Alert
          type="info"
          showIcon
          title="此人户籍不在您的辖区，在您的辖区务工：仅供就业地核实就业情况，不能修改，家庭和敏感信息不显示。"
        />
      )}

      <Card size="small" title="基本信息">
        <Descriptions
          {...descriptions}
          items={[
            { key: 'name', label: '姓名', children: basic.name },
            {
              key: 'idNumber',
              label: '证件号码',
              children: (
                <MaskedField
                  masked={basic.idNumberMasked}
                  fieldLabel="证件号码"
                  onReveal={revealer('idNumber')}
                />
              ),
            },
            { key: 'sex', label: '性别', children: label('sex', basic.sex) },
            { key: 'birthDate', label: '出生日期', children: basic.birthDate },
            { key: 'age', label: '年龄', children: `${basic.age} 岁` },
            { key: 'ethnicity', label: '民族', children: label('ethnicity', basic.ethnicity) },
            {
              key: 'phone',
              label: '联系电话',
              children: (
                <MaskedField masked={basic.phoneMasked} fieldLabel="联系电话" onReveal={revealer('phone')} />
              ),
            },
            {
              key: 'bankAccount',
              label: '银行账号',
              children: (
                <MaskedField
                  masked={basic.bankAccountMasked}
                  fieldLabel="银行账号"
                  onReveal={revealer('bankAccount')}
                />
              ),
            },
            { key: 'education', label: '文化程度', children: label('education', basic.education) },
            { key: 'health', label: '健康状况', children: label('health', basic.health) },
            {
              key: 'isDisabled',
              label: '是否残疾',
              children: basic.isDisabled
                ? `是${basic.hasDisabilityDetail ? '（残疾情况已加密登记）' : ''}`
                : '否',
            },
            { key: 'isRelocated', label: '易地搬迁', children: yesNo(basic.isRelocated) },
            {
              key: 'region',
              label: '户籍地',
              span: 'filled',
              children: <RegionText code={data.regionCode} name={data.regionName} full />,
            },
          ]}
        />
      </Card>

      <Card size="small" title="劳动技能与就业意愿">
        <Descriptions
          {...descriptions}
          items={[
            {
              key: 'laborCapacity',
              label: '劳动技能',
              children: label('labor_capacity', basic.laborCapacity),
            },
            {
              key: 'trainingWillingness',
              label: '培训意愿',
              children: label('training_willingness', intention.trainingWillingness),
            },
            {
              key: 'jobIntention',
              label: '就业意愿',
              children: label('job_intention', intention.jobIntention),
            },
            {
              key: 'intendedOccupation',
              label: '意向职业',
              children: <OccupationLabel code={intention.intendedOccupationCode} />,
            },
            {
              key: 'intendedWorkArea',
              label: '意向地域',
              children: label('work_area', intention.intendedWorkArea),
            },
            {
              key: 'intendedMonthlyWage',
              label: '意向月薪',
              children: intention.intendedMonthlyWage === null ? '—' : `${intention.intendedMonthlyWage} 元`,
            },
            {
              key: 'skills',
              label: '技能/职业',
              span: 'filled',
              children:
                basic.skills.length === 0 ? (
                  '—'
                ) : (
                  <Space orientation="vertical" size={0}>
                    {basic.skills.map((code) => (
                      <OccupationLabel key={code} code={code} />
                    ))}
                  </Space>
                ),
            },
            {
              key: 'certificates',
              label: '证书',
              span: 'filled',
              children: basic.certificates.length === 0 ? '—' : basic.certificates.join('、'),
            },
            {
              key: 'serviceNeeds',
              label: '就业服务需求',
              span: 'filled',
              children:
                intention.serviceNeeds.length === 0 ? (
                  '—'
                ) : (
                  <Space size={[4, 4]} wrap>
                    {intention.serviceNeeds.map((code) => (
                      <Tag key={code}>{label('service_need', code)}</Tag>
                    ))}
                  </Space>
                ),
            },
          ]}
        />
      </Card>

      <Card size="small" title="就业情况">
        <Descriptions
          {...descriptions}
          items={[
            {
              key: 'status',
              label: '就业状态',
              children: EMPLOYMENT_STATUS_LABELS[employment.status] ?? employment.status,
            },
            { key: 'workArea', label: '务工地域', children: label('work_area', employment.workArea) },
            {
              key: 'workRegion',
              label: '务工所在地',
              children: <RegionText code={employment.workRegionCode} name={employment.workRegionName} full />,
            },
            {
              key: 'lastContactOn',
              label: '最近联系日期',
              children: employment.lastContactOn ?? <Typography.Text type="warning">未联系</Typography.Text>,
            },
            { key: 'createdAt', label: '登记时间', children: formatDateTime(data.createdAt) },
            { key: 'updatedAt', label: '更新时间', children: formatDateTime(data.updatedAt) },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          务工经历
        </Typography.Title>
        <Table<Spell>
          rowKey="id"
          size="small"
          columns={spellColumns}
          dataSource={employment.spells}
          pagination={false}
          scroll={{ x: 1150 }}
          locale={{ emptyText: '暂无务工经历' }}
        />
      </Card>

      {!data.isReadOnly && (
        <Card size="small" title="家庭信息">
          {family.household ? (
            <>
              <Descriptions
                {...descriptions}
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
              {...descriptions}
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
      )}

      {!data.isReadOnly && (
        <Card size="small" title="修改记录">
          <LaborerHistory laborerId={id} />
        </Card>
      )}

      <LaborerFormDrawer open={editing} laborer={data} onClose={() => setEditing(false)} />
    </Space>
  );
}
