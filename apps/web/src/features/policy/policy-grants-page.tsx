import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ApiError, errorMessage, type ErrorDetail } from '../../shared/api/client.ts';
import { useCan } from '../../app/session.tsx';
import {
  GRANT_TEMPLATE_URL,
  usePolicyGrants,
  usePolicyLibrary,
  useUploadGrants,
  type GrantFilter,
  type PolicyGrant,
  type PolicyGrantImportSummary,
} from './policy.api.ts';
import { formatFen } from './policy-format.ts';

/**
 * 发放台账: upload earlier grants (xlsx/csv, whole file or nothing, every error named by row and column) and the
 * list of grants recorded by the regions of the user's scope. ID numbers appear masked; the search by ID number
 * is exact (the server matches its blind index).
 */

interface FilterValues {
  benefitId?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
  idNumber?: string;
}

function UploadErrors({ error }: { error: unknown }) {
  const details: ErrorDetail[] = error instanceof ApiError ? error.details : [];
  const rows = details.map((detail, i) => ({ key: i, ...detail }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="error"
        showIcon
        title={errorMessage(error)}
        description={
          details.length > 0
            ? `共 ${details.length} 处错误。请在文件中改正后重新上传（整份文件未导入，没有写入任何记录）。`
            : undefined
        }
      />
      {rows.length > 0 && (
        <Table
          size="small"
          aria-label="导入错误"
          rowKey="key"
          dataSource={rows}
          pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
          columns={[
            { key: 'row', title: '行号', dataIndex: 'row', width: 80, render: (row?: number) => row ?? '—' },
            { key: 'field', title: '列', dataIndex: 'field', width: 140, render: (f?: string) => f ?? '—' },
            {
              key: 'message',
              title: '错误说明',
              dataIndex: 'message',
              // The message repeats "第N行 列：" for the CLI; the table has columns for those.
              render: (message: string) => message.replace(/^第\d+行\s*(?:[^：]+：)?/u, ''),
            },
          ]}
        />
      )}
    </Space>
  );
}

function GrantUpload() {
  const upload = useUploadGrants();
  const [summary, setSummary] = useState<PolicyGrantImportSummary>();
  const [fileName, setFileName] = useState<string>();
  return (
    <Card
      size="small"
      title="导入发放记录"
      extra={
        <Button icon={<DownloadOutlined />} href={GRANT_TEMPLATE_URL} download>
          下载模板
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        上传以前已发放的待遇（xlsx 或 csv）：用于判断“每年一次”、金额上限和不得重复享受。整份文件无误才导入，
        有错误时不写入任何记录；已导入过的记录再次上传会跳过。发放地（区划代码）须在您的录入范围内：
        不填时取该劳动力在台账中的户籍地。
      </Typography.Paragraph>
      <Upload
        accept=".xlsx,.csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(file) => {
          setSummary(undefined);
          setFileName(file.name);
          upload.mutate(file, { onSuccess: setSummary });
          return false;
        }}
      >
        <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending}>
          选择文件并导入
        </Button>
      </Upload>
      {fileName && (
        <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
          {fileName}
        </Typography.Text>
      )}
      <div style={{ marginTop: 12 }}>
        {upload.isError && <UploadErrors error={upload.error} />}
        {summary && (
          <Alert
            type="success"
            showIcon
            title={`导入完成：共 ${summary.rows} 条，新增 ${summary.inserted} 条，已存在跳过 ${summary.skipped} 条`}
          />
        )}
      </div>
    </Card>
  );
}

const ORIGIN_LABELS: Record<string, string> = { import: '导入', decision: '登记' };

function GrantList() {
  const library = usePolicyLibrary();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<GrantFilter>({ page: 1, pageSize: 20 });
  const grants = usePolicyGrants(filter);
  const benefits = library.data?.benefits ?? [];

  const search = (values: FilterValues) => {
    const [from, to] = values.period ?? [];
    setFilter({
      page: 1,
      pageSize: filter.pageSize,
      benefitId: values.benefitId,
      periodFrom: from?.format('YYYY-MM-DD'),
      periodTo: to?.format('YYYY-MM-DD'),
      idNumber: values.idNumber?.trim() || undefined,
    });
  };

  const columns: ColumnsType<PolicyGrant> = [
    {
      key: 'benefit',
      title: '待遇',
      width: 220,
      render: (_, g) => <Typography.Text strong>{g.benefitLabel}</Typography.Text>,
    },
    {
      key: 'person',
      title: '人员',
      width: 210,
      render: (_, g) =>
        g.personIdMasked ? (
          <Space orientation="vertical" size={0}>
            <span>
              {g.personName ?? <Typography.Text type="secondary">（本辖区台账外）</Typography.Text>}
            </span>
            <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
              {g.personIdMasked}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{g.subjectId ?? '—'}</Typography.Text>
        ),
    },
    {
      key: 'region',
      title: '发放地',
      width: 170,
      render: (_, g) =>
        g.regionCode === '000000000000' ? (
          <Tooltip title="早期导入的记录，无法确定发放地">
            <Tag>未知</Tag>
          </Tooltip>
        ) : (
          (g.regionName ?? g.regionCode)
        ),
    },
    {
      key: 'period',
      title: '所属期',
      width: 200,
      render: (_, g) => (g.periodEnd ? `${g.periodStart} 至 ${g.periodEnd}` : g.periodStart),
    },
    {
      key: 'amount',
      title: '金额',
      width: 120,
      align: 'right',
      render: (_, g) => (
        <span>
          {formatFen(g.amountFen)}
          {g.months !== null && <Typography.Text type="secondary">（{g.months}个月）</Typography.Text>}
        </span>
      ),
    },
    { key: 'decidedOn', title: '决定日期', dataIndex: 'decidedOn', width: 110 },
    {
      key: 'origin',
      title: '来源',
      render: (_, g) => (
        <Space size={4} wrap>
          <Tag color={g.origin === 'decision' ? 'blue' : 'default'}>
            {ORIGIN_LABELS[g.origin] ?? g.origin}
          </Tag>
          {g.source && <Typography.Text type="secondary">{g.source}</Typography.Text>}
        </Space>
      ),
    },
  ];

  return (
    <Card size="small" title="发放记录">
      <Form<FilterValues>
        form={form}
        layout="inline"
        name="grantFilter"
        aria-label="发放记录查询"
        onFinish={search}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="benefitId" label="待遇">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部待遇"
            style={{ width: 240 }}
            options={benefits.map((b) => ({ value: b.id, label: b.label }))}
          />
        </Form.Item>
        <Form.Item name="period" label="所属期">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label="证件号码"
          rules={[{ pattern: /^\s*\d{17}[\dXx]\s*$/u, message: '请输入完整的18位证件号码' }]}
        >
          <Input allowClear placeholder="完整的18位号码（精确查找）" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilter({ page: 1, pageSize: filter.pageSize });
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {grants.isError && (
        <Alert type="error" showIcon title={errorMessage(grants.error)} style={{ marginBottom: 12 }} />
      )}
      <Table<PolicyGrant>
        size="small"
        rowKey="id"
        aria-label="发放记录"
        loading={grants.isFetching}
        columns={columns}
        dataSource={grants.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: grants.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
        }}
      />
    </Card>
  );
}

/** 发放台账 */
export default function PolicyGrantsPage() {
  const can = useCan();
  return (
    <Flex vertical gap={16} className="list-page-main">
      {can('policy:grant') && <GrantUpload />}
      <GrantList />
    </Flex>
  );
}
