import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { errorMessage } from '../../../shared/api/client.ts';
import { paginationOf } from '../../../shared/layout/list-page.tsx';
import { RegionLabel } from '../../../shared/region/region-label.tsx';
import { formatDateTime } from '../../../shared/format.ts';
import { useHousehold, useLaborerHistory, type LaborerChange } from '../shared/registry.api.ts';
import { EMPLOYMENT_STATUS_LABELS, useDictionaryLabel, type DictionaryType } from '../shared/dictionary.ts';
import { OccupationLabel } from '../shared/occupation-select.tsx';

/** Chinese names of the fields the change history records (laborer-history.service.ts snapshot). */
export const LABORER_FIELD_LABELS: Record<string, string> = {
  regionCode: '户籍地',
  householdId: '所属户',
  name: '姓名',
  idNumber: '证件号码',
  sex: '性别',
  birthDate: '出生日期',
  ethnicity: '民族',
  relationToHead: '与户主关系',
  phone: '联系电话',
  bankAccount: '银行账号',
  education: '文化程度',
  health: '健康状况',
  isDisabled: '是否残疾',
  disabilityDetail: '残疾情况',
  laborCapacity: '劳动技能',
  skills: '技能/职业',
  certificates: '证书',
  trainingWillingness: '培训意愿',
  jobIntention: '就业意愿',
  intendedOccupationCode: '意向职业',
  intendedWorkArea: '意向地域',
  intendedMonthlyWage: '意向月薪',
  serviceNeeds: '就业服务需求',
  isRelocated: '易地搬迁',
  lastContactOn: '最近联系日期',
  employmentStatus: '就业状态',
  spells: '务工经历',
};

const SOURCE_LABELS: Record<string, string> = {
  web: '网页录入',
  api: '接口',
  import: '批量导入',
  transfer: '跨区划转移',
};

/** Fields holding one code of a dictionary. */
const CODED_FIELDS: Record<string, DictionaryType> = {
  sex: 'sex',
  ethnicity: 'ethnicity',
  relationToHead: 'relationship',
  education: 'education',
  health: 'health',
  laborCapacity: 'labor_capacity',
  trainingWillingness: 'training_willingness',
  jobIntention: 'job_intention',
  intendedWorkArea: 'work_area',
};

interface SpellSummary {
  startMonth: string;
  endMonth: string | null;
  employmentForm: string | null;
  workArea: string | null;
  workRegionCode: string | null;
  employerName: string | null;
  channel: string | null;
  monthlyIncomeFen: number | null;
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function HouseholdRef({ id }: { id: number }) {
  const { data } = useHousehold(id);
  return (
    <Link to={`/registry/households/${id}`}>{data ? `户编号 ${data.householdNumber}` : `户 #${id}`}</Link>
  );
}

/** A stored value of the history as the clerk reads it: labels for codes, names for regions and occupations. */
function ChangeValue({ field, value }: { field: string; value: string | null }) {
  const label = useDictionaryLabel();
  if (value === null || value === '') return <Typography.Text type="secondary">（空）</Typography.Text>;
  const coded = CODED_FIELDS[field];
  if (coded) return <span>{label(coded, value)}</span>;
  switch (field) {
    case 'isDisabled':
    case 'isRelocated':
      return <span>{value === 'true' ? '是' : '否'}</span>;
    case 'employmentStatus':
      return <span>{EMPLOYMENT_STATUS_LABELS[value] ?? value}</span>;
    case 'regionCode':
      return <RegionLabel code={value} full />;
    case 'householdId':
      return Number(value) > 0 ? <HouseholdRef id={Number(value)} /> : <span>{value}</span>;
    case 'intendedOccupationCode':
      return <OccupationLabel code={value} />;
    case 'intendedMonthlyWage':
      return <span>{value} 元</span>;
    case 'skills': {
      const codes = parseJson<string[]>(value) ?? [value];
      return (
        <Space orientation="vertical" size={0}>
          {codes.map((code) => (
            <OccupationLabel key={code} code={code} />
          ))}
        </Space>
      );
    }
    case 'serviceNeeds': {
      const codes = parseJson<string[]>(value) ?? [value];
      return <span>{codes.map((code) => label('service_need', code)).join('、')}</span>;
    }
    case 'certificates':
      return <span>{(parseJson<string[]>(value) ?? [value]).join('、')}</span>;
    case 'spells': {
      const spells = parseJson<SpellSummary[]>(value);
      if (!spells) return <span>{value}</span>;
      return (
        <Space orientation="vertical" size={0}>
          {spells.map((spell, index) => {
            const parts: ReactNode[] = [
              `${spell.startMonth} 至 ${spell.endMonth ?? '今'}`,
              label('employment_form', spell.employmentForm),
              label('work_area', spell.workArea),
              spell.employerName,
              spell.channel ? label('employment_channel', spell.channel) : null,
              spell.monthlyIncomeFen === null
                ? null
                : `月收入 ${(spell.monthlyIncomeFen / 100).toFixed(0)} 元`,
            ].filter((part) => part !== null && part !== '—');
            return (
              <span key={index}>
                {parts.join('，')}
                {spell.workRegionCode && (
                  <>
                    ，<RegionLabel code={spell.workRegionCode} />
                  </>
                )}
              </span>
            );
          })}
        </Space>
      );
    }
    default:
      return <span>{value}</span>;
  }
}

/** 修改记录: who changed which field, when, from what to what (GET /api/laborers/:id/history). */
export function LaborerHistory({ laborerId }: { laborerId: number }) {
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const history = useLaborerHistory(laborerId, paging.page, paging.pageSize);

  const columns: ColumnsType<LaborerChange> = [
    { key: 'changedAt', title: '时间', dataIndex: 'changedAt', width: 170, render: formatDateTime },
    {
      key: 'username',
      title: '操作人',
      dataIndex: 'username',
      width: 120,
      render: (name: string | null) => name ?? '—',
    },
    {
      key: 'source',
      title: '来源',
      dataIndex: 'source',
      width: 100,
      render: (source: string) => <Tag>{SOURCE_LABELS[source] ?? source}</Tag>,
    },
    {
      key: 'field',
      title: '字段',
      dataIndex: 'field',
      width: 120,
      render: (field: string) => LABORER_FIELD_LABELS[field] ?? field,
    },
    {
      key: 'oldValue',
      title: '原值',
      dataIndex: 'oldValue',
      render: (value: string | null, row) => <ChangeValue field={row.field} value={value} />,
    },
    {
      key: 'newValue',
      title: '新值',
      dataIndex: 'newValue',
      render: (value: string | null, row) => <ChangeValue field={row.field} value={value} />,
    },
  ];

  return (
    <Table<LaborerChange>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={history.data?.items}
      loading={history.isFetching}
      scroll={{ x: 900 }}
      locale={{ emptyText: history.isError ? errorMessage(history.error) : '暂无修改记录' }}
      pagination={paginationOf(paging.page, paging.pageSize, history.data?.total, (page, pageSize) =>
        setPaging({ page, pageSize }),
      )}
    />
  );
}
