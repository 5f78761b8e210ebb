import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Dropdown,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { isWithinScope } from '@jiuye/domain/region/region-code.ts';
import type { LaborerListQuery } from '@jiuye/contracts';
import { errorMessage } from '../../../shared/api/client.ts';
import {
  ListTable,
  RegionListPage,
  SearchPanel,
  useColumnChooser,
  useListRegion,
  useListState,
} from '../../../shared/layout/list-page.tsx';
import { MaskedField } from '../../../shared/masked-field.tsx';
import { formatDateTime } from '../../../shared/format.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { ImportLaborersButton } from '../import/import-laborers-button.tsx';
import {
  downloadLaborerExport,
  laborerQuery,
  useLaborers,
  type LaborerDetailDto,
  type LaborerExportFilter,
  type LaborerFilter,
  type LaborerListItemDto,
} from '../shared/registry.api.ts';
import {
  EMPLOYMENT_STATUS_COLORS,
  EMPLOYMENT_STATUS_LABELS,
  useDictionaryLabel,
  useDictionaryOptions,
} from '../shared/dictionary.ts';
import { OccupationLabel, OccupationSelect } from '../shared/occupation-select.tsx';
import { LaborerFormDrawer } from './laborer-form-drawer.tsx';

interface SearchValues {
  q?: string;
  visibility?: 'all' | 'home' | 'work';
  householdType?: string;
  monitoringCategory?: string;
  laborCapacity?: string;
  ageMin?: number | null;
  ageMax?: number | null;
  education?: string;
  health?: string;
  employmentStatus?: 'employed' | 'unemployed' | 'unable';
  workArea?: string;
  trainingWillingness?: string;
  jobIntention?: string;
  occupationCode?: string;
  noContactDays?: number | null;
}

type Sort = Pick<LaborerListQuery, 'sort' | 'order'>;

const DEFAULT_SORT: Sort = { sort: 'updatedAt', order: 'desc' };

/** Downloads the export with the list's filters; an error answer shows its message instead of a broken file. */
async function downloadExport(filter: LaborerExportFilter): Promise<void> {
  const { blob, fileName } = await downloadLaborerExport(filter);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** 劳动力台账: the labourers of the selected region, searched by every field of the paper ledger. */
export default function LaborerListPage() {
  const navigate = useNavigate();
  const can = useCan();
  const me = useCurrentUser();
  const canWrite = can('registry:write');
  const { message } = App.useApp();
  const label = useDictionaryLabel();
  const { options } = useDictionaryOptions();
  const listState = useListState<LaborerFilter>({});
  const region = useListRegion(listState.toFirstPage);
  const { regionCode } = region;
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [creating, setCreating] = useState(false);
  // The drawer keeps the last labourer while it closes, so that its title does not flip to 新增.
  const [editing, setEditing] = useState<{ open: boolean; laborer?: LaborerDetailDto }>({ open: false });
  const [loadingId, setLoadingId] = useState<number>();
  const queryClient = useQueryClient();
  const openEdit = async (id: number) => {
    setLoadingId(id);
    try {
      const laborer = await queryClient.fetchQuery(laborerQuery(id));
      setEditing({ open: true, laborer });
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setLoadingId(undefined);
    }
  };
  const [exporting, setExporting] = useState(false);
  const [askingPurpose, setAskingPurpose] = useState(false);
  const [purposeForm] = Form.useForm<{ purpose: string }>();
  const canReveal = can('registry:reveal');
  const [form] = Form.useForm<SearchValues>();

  const filter: LaborerFilter = { regionCode, ...listState.search };
  const list = useLaborers({ ...filter, ...listState.paging, ...sort }, Boolean(regionCode));

  const sortOrderOf = (key: Sort['sort'], inverted = false) => {
    if (sort.sort !== key) return null;
    const ascending = sort.order === 'asc' ? !inverted : inverted;
    return ascending ? ('ascend' as const) : ('descend' as const);
  };

  const columns: ColumnsType<LaborerListItemDto> = [
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
            <Typography.Link disabled={loadingId === row.id} onClick={() => void openEdit(row.id)}>
              修改
            </Typography.Link>
          )}
        </Space>
      ),
    },
  ];
  const columnChooser = useColumnChooser('registry.laborers', columns, [
    'phone',
    'relationToHead',
    'health',
    'trainingWillingness',
    'intendedOccupation',
    'updatedAt',
  ]);

  const runExport = async (exportFilter: LaborerExportFilter) => {
    setExporting(true);
    try {
      await downloadExport(exportFilter);
      return true;
    } catch (error) {
      message.error(errorMessage(error));
      return false;
    } finally {
      setExporting(false);
    }
  };

  const select = (type: Parameters<typeof options>[0], width = 150) => (
    <Select placeholder="全部" allowClear style={{ width }} options={options(type)} />
  );

  return (
    <RegionListPage region={region}>
      <SearchPanel<SearchValues>
        name="laborerSearch"
        form={form}
        state={listState}
        onSearch={(values) =>
          listState.setSearch({
            q: values.q?.trim() || undefined,
            visibility: values.visibility,
            householdType: values.householdType,
            monitoringCategory: values.monitoringCategory,
            laborCapacity: values.laborCapacity,
            ageMin: values.ageMin ?? undefined,
            ageMax: values.ageMax ?? undefined,
            education: values.education,
            health: values.health,
            employmentStatus: values.employmentStatus,
            workArea: values.workArea,
            trainingWillingness: values.trainingWillingness,
            jobIntention: values.jobIntention,
            occupationCode: values.occupationCode,
            noContactDays: values.noContactDays ?? undefined,
          })
        }
      >
        <Form.Item label="姓名/证件" name="q" tooltip="姓名、拼音首字母（如 zs 查张三）或证件号码后4位">
          <Input placeholder="姓名、拼音首字母或证件后4位" allowClear style={{ width: 210 }} />
        </Form.Item>
        <Form.Item label="户类型" name="householdType">
          {select('household_type', 130)}
        </Form.Item>
        <Form.Item label="监测类别" name="monitoringCategory">
          {select('monitoring_category', 150)}
        </Form.Item>
        <Form.Item label="劳动技能" name="laborCapacity">
          {select('labor_capacity', 170)}
        </Form.Item>
        <Form.Item label="年龄">
          <Space.Compact>
            <Form.Item name="ageMin" noStyle>
              <InputNumber
                min={0}
                max={150}
                precision={0}
                placeholder="最小"
                aria-label="最小年龄"
                style={{ width: 80 }}
              />
            </Form.Item>
            <Input
              style={{ width: 36, pointerEvents: 'none', textAlign: 'center' }}
              placeholder="至"
              disabled
            />
            <Form.Item name="ageMax" noStyle>
              <InputNumber
                min={0}
                max={150}
                precision={0}
                placeholder="最大"
                aria-label="最大年龄"
                style={{ width: 80 }}
              />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item label="文化程度" name="education">
          {select('education', 130)}
        </Form.Item>
        <Form.Item label="健康状况" name="health">
          {select('health', 130)}
        </Form.Item>
        <Form.Item label="就业状态" name="employmentStatus">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 130 }}
            options={Object.entries(EMPLOYMENT_STATUS_LABELS).map(([value, text]) => ({
              value,
              label: text,
            }))}
          />
        </Form.Item>
        <Form.Item label="务工地域" name="workArea">
          {select('work_area', 130)}
        </Form.Item>
        <Form.Item label="培训意愿" name="trainingWillingness">
          {select('training_willingness', 130)}
        </Form.Item>
        <Form.Item label="就业意愿" name="jobIntention">
          {select('job_intention', 150)}
        </Form.Item>
        <Form.Item
          label="职业"
          name="occupationCode"
          tooltip="意向职业或技能（国家职业分类大典 2022），选类别时含其下各职业"
        >
          <OccupationSelect style={{ width: 240 }} />
        </Form.Item>
        <Form.Item label="未联系" name="noContactDays" tooltip="最近一次联系在多少天以前（含从未联系）">
          <InputNumber min={0} max={36500} precision={0} suffix="天以上" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item label="范围" name="visibility">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 150 }}
            options={[
              { value: 'home', label: '户籍在本地' },
              { value: 'work', label: '在本地务工（外地户籍）' },
            ]}
          />
        </Form.Item>
      </SearchPanel>
      <ListTable<LaborerListItemDto>
        onCreate={canWrite ? () => setCreating(true) : undefined}
        actions={
          <>
            <ImportLaborersButton onImported={() => void list.refetch()} />
            <Space.Compact>
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void runExport(filter)}>
                导出
              </Button>
              {canReveal && (
                <Dropdown
                  menu={{
                    items: [{ key: 'reveal', label: '导出完整证件号码…' }],
                    onClick: () => setAskingPurpose(true),
                  }}
                >
                  <Button icon={<DownOutlined />} aria-label="更多选项" />
                </Dropdown>
              )}
            </Space.Compact>
          </>
        }
        regionCode={regionCode}
        query={list}
        columnChooser={columnChooser}
        rowKey="id"
        state={listState}
        emptyText="暂无劳动力"
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action !== 'sort') return;
          const one = (Array.isArray(sorter) ? sorter[0] : sorter) as
            SorterResult<LaborerListItemDto> | undefined;
          if (!one?.order) {
            setSort(DEFAULT_SORT);
          } else {
            const key = String(one.columnKey);
            const ascending = one.order === 'ascend';
            if (key === 'age') setSort({ sort: 'birthDate', order: ascending ? 'desc' : 'asc' });
            else if (key === 'name' || key === 'region' || key === 'updatedAt')
              setSort({ sort: key, order: ascending ? 'asc' : 'desc' });
          }
          listState.toFirstPage();
        }}
      />
      <LaborerFormDrawer
        open={creating}
        defaultRegionCode={regionCode}
        onClose={() => setCreating(false)}
        onSaved={(saved) => navigate(`/registry/laborers/${saved.id}`)}
      />
      <LaborerFormDrawer
        open={editing.open}
        laborer={editing.laborer}
        onClose={() => setEditing((previous) => ({ ...previous, open: false }))}
      />
      <Modal
        title="导出完整证件号码"
        open={askingPurpose}
        okText="导出"
        confirmLoading={exporting}
        destroyOnHidden
        onCancel={() => setAskingPurpose(false)}
        onOk={() => purposeForm.submit()}
      >
        <Form
          name="exportPurpose"
          form={purposeForm}
          layout="vertical"
          preserve={false}
          onFinish={async ({ purpose }) => {
            if (await runExport({ ...filter, reveal: true, purpose: purpose.trim() }))
              setAskingPurpose(false);
          }}
        >
          <Form.Item
            name="purpose"
            label="导出目的"
            rules={[
              { required: true, whitespace: true, message: '请说明导出完整证件号码的目的' },
              { min: 2, message: '请说明用途（至少2个字）' },
              { max: 200 },
            ]}
            extra="导出按当前查询条件进行，记录将写入操作日志和敏感信息查看日志，供审计管理员核查。"
          >
            <Input.TextArea rows={2} placeholder="例如：报送县人社局核对脱贫劳动力务工补贴名单" />
          </Form.Item>
        </Form>
      </Modal>
    </RegionListPage>
  );
}
