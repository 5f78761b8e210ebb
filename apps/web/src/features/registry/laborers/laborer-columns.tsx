import { Link } from 'react-router-dom';
import { Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import type { LaborerListQuery } from '@jiuye/contracts';
import { isWithinScope } from '@jiuye/domain/region/region-code.ts';
import { MaskedField } from '../../../shared/masked-field.tsx';
import { formatDateTime } from '../../../shared/format.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import type { LaborerListItemDto } from '../shared/registry.api.ts';
import {
  EMPLOYMENT_STATUS_COLORS,
  EMPLOYMENT_STATUS_LABELS,
  useDictionaryLabel,
} from '../shared/dictionary.ts';
import { OccupationLabel } from '../shared/occupation-select.tsx';

/** The columns of the labourer ledger, and the server-side sort their headers choose. */

export type LaborerSort = Pick<LaborerListQuery, 'sort' | 'order'>;

export const DEFAULT_SORT: LaborerSort = { sort: 'updatedAt', order: 'desc' };

/** The sort a click on a column header asks for; the current one for a column the server cannot sort by. */
export function sortAfter(sorter: unknown, current: LaborerSort): LaborerSort {
  const one = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<LaborerListItemDto> | undefined;
  if (!one?.order) return DEFAULT_SORT;
  const key = String(one.columnKey);
  const ascending = one.order === 'ascend';
  if (key === 'age') return { sort: 'birthDate', order: ascending ? 'desc' : 'asc' };
  if (key === 'name' || key === 'region' || key === 'updatedAt')
    return { sort: key, order: ascending ? 'asc' : 'desc' };
  return current;
}

export function useLaborerColumns({
  sort,
  canWrite,
  loadingId,
  onEdit,
}: {
  sort: LaborerSort;
  canWrite: boolean;
  /** The labourer whose 修改 is loading. */
  loadingId: number | undefined;
  onEdit: (id: number) => void;
}): ColumnsType<LaborerListItemDto> {
  const me = useCurrentUser();
  const label = useDictionaryLabel();

  const sortOrderOf = (key: LaborerSort['sort'], inverted = false) => {
    if (sort.sort !== key) return null;
    const ascending = sort.order === 'asc' ? !inverted : inverted;
    return ascending ? ('ascend' as const) : ('descend' as const);
  };

  return [
    {
      key: 'name',
      title: '姓名',
      dataIndex: 'name',
      width: 130,
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf('name'),
      render: (name: string, row) => (
        <Space size={4}>
          <Link to={`/registry/laborers/${row.id}`}>{name}</Link>
          {row.isReadOnly && (
            <Tooltip title="户籍不在本地，在本地务工（只读，供就业地核实）">
              <Tag color="purple">就业地</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'sex',
      title: '性别',
      dataIndex: 'sex',
      width: 70,
      render: (code: string) => label('sex', code),
    },
    {
      key: 'age',
      title: '年龄',
      dataIndex: 'age',
      width: 80,
      sorter: true,
      // Age rises as the birth date falls.
      sortOrder: sortOrderOf('birthDate', true),
    },
    {
      key: 'idNumber',
      title: '证件号码',
      dataIndex: 'idNumberMasked',
      width: 200,
      render: (masked: string) => <MaskedField masked={masked} />,
    },
    {
      key: 'phone',
      title: '联系电话',
      dataIndex: 'phoneMasked',
      width: 140,
      render: (masked: string | null) => <MaskedField masked={masked} />,
    },
    {
      key: 'region',
      title: '户籍地',
      dataIndex: 'regionName',
      width: 150,
      ellipsis: true,
      sorter: true,
      sortOrder: sortOrderOf('region'),
      render: (name: string | null, row) => <span title={row.regionCode}>{name ?? row.regionCode}</span>,
    },
    {
      key: 'household',
      title: '户编号',
      dataIndex: 'householdNumber',
      width: 170,
      ellipsis: true,
      render: (number: string | null, row) =>
        row.householdId && number ? (
          <Link to={`/registry/households/${row.householdId}`}>{number}</Link>
        ) : (
          '—'
        ),
    },
    {
      key: 'householdType',
      title: '户类型',
      dataIndex: 'householdType',
      width: 100,
      render: (code: string | null) => label('household_type', code),
    },
    {
      key: 'relationToHead',
      title: '与户主关系',
      dataIndex: 'relationToHead',
      width: 110,
      render: (code: string | null) => label('relationship', code),
    },
    {
      key: 'laborCapacity',
      title: '劳动技能',
      dataIndex: 'laborCapacity',
      width: 150,
      render: (code: string) => label('labor_capacity', code),
    },
    {
      key: 'education',
      title: '文化程度',
      dataIndex: 'education',
      width: 110,
      render: (code: string | null) => label('education', code),
    },
    {
      key: 'health',
      title: '健康状况',
      dataIndex: 'health',
      width: 110,
      render: (code: string | null) => label('health', code),
    },
    {
      key: 'employmentStatus',
      title: '就业状态',
      dataIndex: 'employmentStatus',
      width: 110,
      render: (status: string) => (
        <Tag color={EMPLOYMENT_STATUS_COLORS[status]}>{EMPLOYMENT_STATUS_LABELS[status] ?? status}</Tag>
      ),
    },
    {
      key: 'workArea',
      title: '务工地域',
      dataIndex: 'workArea',
      width: 100,
      render: (code: string | null) => label('work_area', code),
    },
    {
      key: 'trainingWillingness',
      title: '培训意愿',
      dataIndex: 'trainingWillingness',
      width: 110,
      render: (code: string | null) => label('training_willingness', code),
    },
    {
      key: 'jobIntention',
      title: '就业意愿',
      dataIndex: 'jobIntention',
      width: 130,
      render: (code: string | null) => label('job_intention', code),
    },
    {
      key: 'intendedOccupation',
      title: '意向职业',
      dataIndex: 'intendedOccupationCode',
      width: 200,
      ellipsis: true,
      render: (code: string | null) => <OccupationLabel code={code} />,
    },
    {
      key: 'lastContactOn',
      title: '最近联系',
      dataIndex: 'lastContactOn',
      width: 110,
      render: (date: string | null) => date ?? <Typography.Text type="warning">未联系</Typography.Text>,
    },
    {
      key: 'updatedAt',
      title: '更新时间',
      dataIndex: 'updatedAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderOf('updatedAt'),
      render: formatDateTime,
    },
    {
      key: 'actions',
      title: '操作',
      width: canWrite ? 110 : 70,
      fixed: 'right',
      render: (_, row) => (
        <Space size={8}>
          <Link to={`/registry/laborers/${row.id}`}>详情</Link>
          {canWrite && !row.isReadOnly && isWithinScope(row.regionCode, me.captureScope) && (
            <Typography.Link disabled={loadingId === row.id} onClick={() => onEdit(row.id)}>
              修改
            </Typography.Link>
          )}
        </Space>
      ),
    },
  ];
}
