import { lazy, Suspense, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ExperimentOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, errorMessage } from '../../shared/api/client.ts';
import { RegionPicker } from '../../shared/region/region-picker.tsx';
import { RegionLabel } from '../../shared/region/region-label.tsx';
import { useWorkingRegion } from '../../app/region-context.tsx';
import {
  usePolicyLibrary,
  useStartWhatIf,
  useWhatIfJob,
  type LibraryParameter,
  type PolicyValuesFileInput,
} from './policy.api.ts';
import { formatCount, formatFen, formatValidity, jurisdictionName } from './policy-format.ts';
import { JurisdictionTag, ParameterValueText } from './policy-components.tsx';
import type { WhatIfBenefit, WhatIfResult } from './policy-whatif.types.ts';

// ECharts is large: its chunk loads only once there is a result to draw.
const ComparisonChart = lazy(() => import('./policy-whatif-chart.tsx'));

interface Adjustment {
  parameter?: string;
  jurisdiction?: string;
  /** fen parameters, entered in 元. */
  amountYuan?: number;
  /** count, days, months. */
  number?: number;
  numerator?: number;
  denominator?: number;
  /** fen_by_category, in 元 by category. */
  categories?: Record<string, number | undefined>;
  from?: Dayjs;
  to?: Dayjs | null;
}

interface WhatIfValues {
  adjustments: Adjustment[];
  title: string;
  article?: string;
  asOf: Dayjs;
  regionCode?: string;
}

type ParameterData = PolicyValuesFileInput['values'][number]['value'];

function adjustmentValue(adjustment: Adjustment, parameter: LibraryParameter): ParameterData {
  switch (parameter.unit) {
    case 'fen':
      return Math.round((adjustment.amountYuan ?? 0) * 100);
    case 'ratio':
      return { numerator: adjustment.numerator ?? 0, denominator: adjustment.denominator ?? 1 };
    case 'fen_by_category':
      return Object.fromEntries(
        (parameter.categories ?? []).map((c) => [c, Math.round((adjustment.categories?.[c] ?? 0) * 100)]),
      );
    default:
      return adjustment.number ?? 0;
  }
}

/** The jurisdictions the user may simulate for: the city or province of the view scope, and those above it. */
function defaultJurisdiction(parameter: LibraryParameter, viewScope: string[]): string | undefined {
  const held = new Set(parameter.values.map((v) => v.jurisdiction));
  const own = viewScope[0] ?? '';
  for (const candidate of [own.slice(0, 4), own.slice(0, 2), 'national'])
    if (held.has(candidate)) return candidate;
  return parameter.values[0]?.jurisdiction;
}

function ValueInput({ parameter, name }: { parameter: LibraryParameter | undefined; name: number }) {
  if (!parameter) return <Input disabled placeholder="先选择参数" />;
  const required = [{ required: true, message: '请填写新标准' }];
  switch (parameter.unit) {
    case 'fen':
      return (
        <Form.Item name={[name, 'amountYuan']} rules={required} noStyle>
          <InputNumber min={0} precision={2} suffix="元" style={{ width: '100%' }} placeholder="新标准" />
        </Form.Item>
      );
    case 'ratio':
      return (
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name={[name, 'numerator']} rules={required} noStyle>
            <InputNumber min={0} precision={0} placeholder="分子" style={{ width: '50%' }} />
          </Form.Item>
          <Form.Item name={[name, 'denominator']} rules={required} noStyle>
            <InputNumber min={1} precision={0} placeholder="分母" prefix="/" style={{ width: '50%' }} />
          </Form.Item>
        </Space.Compact>
      );
    case 'fen_by_category':
      return (
        <Space wrap>
          {(parameter.categories ?? []).map((category, i) => (
            <Form.Item key={category} name={[name, 'categories', category]} rules={required} noStyle>
              <InputNumber min={0} precision={2} prefix={`类别${i + 1}`} suffix="元" style={{ width: 170 }} />
            </Form.Item>
          ))}
        </Space>
      );
    default:
      return (
        <Form.Item name={[name, 'number']} rules={required} noStyle>
          <InputNumber
            min={0}
            precision={0}
            style={{ width: '100%' }}
            placeholder="新标准"
            suffix={parameter.unit === 'days' ? '天' : parameter.unit === 'months' ? '个月' : undefined}
          />
        </Form.Item>
      );
  }
}

function CurrentValues({ parameter }: { parameter: LibraryParameter }) {
  return (
    <Space orientation="vertical" size={2} style={{ fontSize: 12 }}>
      {[...parameter.values]
        .sort((a, b) => a.validity.from.localeCompare(b.validity.from))
        .map((value, i) => (
          <Space key={i} size={6} wrap>
            <JurisdictionTag code={value.jurisdiction} />
            <ParameterValueText value={value} />
            <Typography.Text type="secondary">{formatValidity(value.validity)}</Typography.Text>
          </Space>
        ))}
    </Space>
  );
}

function Delta({ value, money }: { value: number; money?: boolean }) {
  if (value === 0) return <Typography.Text type="secondary">0</Typography.Text>;
  const text = money ? formatFen(Math.abs(value)) : formatCount(Math.abs(value));
  return (
    <Typography.Text
      type={value > 0 ? 'danger' : 'success'}
    >{`${value > 0 ? '+' : '−'}${text}`}</Typography.Text>
  );
}

function ComparisonTable({ result }: { result: WhatIfResult }) {
  const columns: ColumnsType<WhatIfBenefit> = [
    { key: 'label', title: '待遇项目', dataIndex: 'label', width: 180, fixed: 'left' },
    {
      key: 'baseline',
      title: '现行政策',
      children: [
        {
          key: 'bRecipients',
          title: '享受人数',
          width: 80,
          align: 'right',
          render: (_, b) => formatCount(b.baseline.recipients),
        },
        {
          key: 'bTotal',
          title: '金额合计',
          width: 130,
          align: 'right',
          render: (_, b) => formatFen(b.baseline.totalFen),
        },
        {
          key: 'bAverage',
          title: '人均',
          width: 110,
          align: 'right',
          render: (_, b) => formatFen(b.baseline.averageFen),
        },
      ],
    },
    {
      key: 'overlay',
      title: '调整后',
      children: [
        {
          key: 'oRecipients',
          title: '享受人数',
          width: 80,
          align: 'right',
          render: (_, b) => formatCount(b.overlay.recipients),
        },
        {
          key: 'oTotal',
          title: '金额合计',
          width: 130,
          align: 'right',
          render: (_, b) => formatFen(b.overlay.totalFen),
        },
        {
          key: 'oAverage',
          title: '人均',
          width: 110,
          align: 'right',
          render: (_, b) => formatFen(b.overlay.averageFen),
        },
      ],
    },
    {
      key: 'delta',
      title: '变化',
      children: [
        {
          key: 'dRecipients',
          title: '人数',
          width: 80,
          align: 'right',
          render: (_, b) => <Delta value={b.delta.recipients} />,
        },
        {
          key: 'dTotal',
          title: '金额',
          width: 130,
          align: 'right',
          render: (_, b) => <Delta value={b.delta.totalFen} money />,
        },
      ],
    },
  ];
  const sum = (pick: (b: WhatIfBenefit) => number) => result.benefits.reduce((s, b) => s + pick(b), 0);
  return (
    <Table<WhatIfBenefit>
      rowKey="benefitId"
      size="middle"
      bordered
      pagination={false}
      columns={columns}
      dataSource={result.benefits}
      scroll={{ x: 1080 }}
      expandable={{
        rowExpandable: (b) => b.byRegion.length > 0,
        expandedRowRender: (b) => (
          <Table
            rowKey="regionCode"
            size="small"
            pagination={false}
            dataSource={b.byRegion}
            columns={[
              {
                key: 'region',
                title: '区划',
                render: (_, r) => r.regionName || <RegionLabel code={r.regionCode} />,
              },
              {
                key: 'bR',
                title: '现行人数',
                align: 'right',
                render: (_, r) => formatCount(r.baseline.recipients),
              },
              {
                key: 'bT',
                title: '现行金额',
                align: 'right',
                render: (_, r) => formatFen(r.baseline.totalFen),
              },
              {
                key: 'oR',
                title: '调整后人数',
                align: 'right',
                render: (_, r) => formatCount(r.overlay.recipients),
              },
              {
                key: 'oT',
                title: '调整后金额',
                align: 'right',
                render: (_, r) => formatFen(r.overlay.totalFen),
              },
              {
                key: 'd',
                title: '金额变化',
                align: 'right',
                render: (_, r) => <Delta value={r.overlay.totalFen - r.baseline.totalFen} money />,
              },
            ]}
          />
        ),
      }}
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <Typography.Text strong>合计</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {formatCount(sum((b) => b.baseline.recipients))} 人次
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Typography.Text strong>{formatFen(sum((b) => b.baseline.totalFen))}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} />
            <Table.Summary.Cell index={5} align="right">
              {formatCount(sum((b) => b.overlay.recipients))} 人次
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6} align="right">
              <Typography.Text strong>{formatFen(sum((b) => b.overlay.totalFen))}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} />
            <Table.Summary.Cell index={8} align="right">
              <Delta value={sum((b) => b.delta.recipients)} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={9} align="right">
              <Delta value={sum((b) => b.delta.totalFen)} money />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

/** 政策调整模拟: a parameter overlay evaluated over the registry, next to the policy in force, by benefit and region. */
export default function PolicyWhatIfPage() {
  const { regionCode: workingRegion, viewScope } = useWorkingRegion();
  const library = usePolicyLibrary();
  const start = useStartWhatIf();
  const [jobId, setJobId] = useState<string>();
  const job = useWhatIfJob(jobId);
  const [form] = Form.useForm<WhatIfValues>();
  const adjustments = Form.useWatch('adjustments', form);
  const parameters = useMemo(
    () => new Map((library.data?.parameters ?? []).map((p) => [p.id, p])),
    [library.data],
  );
  const nextYear = dayjs().add(1, 'year').startOf('year');

  const submit = async (values: WhatIfValues) => {
    const overlayValues = values.adjustments.flatMap((adjustment) => {
      const parameter = adjustment.parameter ? parameters.get(adjustment.parameter) : undefined;
      if (!parameter || !adjustment.jurisdiction || !adjustment.from) return [];
      return [
        {
          parameter: parameter.id,
          jurisdiction: adjustment.jurisdiction,
          from: adjustment.from.format('YYYY-MM-DD'),
          to: adjustment.to ? adjustment.to.format('YYYY-MM-DD') : null,
          value: adjustmentValue(adjustment, parameter),
          supersede: true,
          citation: { article: values.article?.trim() || '测算' },
        },
      ];
    });
    const overlay: PolicyValuesFileInput = {
      document: {
        id: `whatif-${Date.now()}`,
        title: values.title.trim(),
        issuer: '政策调整模拟（非正式文件）',
        jurisdiction:
          overlayValues[0] && overlayValues[0].jurisdiction !== '*'
            ? overlayValues[0].jurisdiction
            : 'national',
      },
      values: overlayValues,
    };
    setJobId(undefined);
    const started = await start.mutateAsync({
      overlay,
      asOf: values.asOf.format('YYYY-MM-DD'),
      ...(values.regionCode ? { regionCode: values.regionCode } : {}),
    });
    setJobId(started.jobId);
  };

  const status = job.data?.status;
  const running = start.isPending || (jobId !== undefined && (!job.data || status === 'running'));
  const percent =
    job.data?.total && job.data.total > 0
      ? Math.min(100, Math.round((job.data.processed / job.data.total) * 100))
      : 0;
  const result = job.data?.result ?? null;
  // Benefits nobody receives under either policy only clutter the chart and table: they are counted below them.
  const active = result
    ? {
        ...result,
        benefits: result.benefits.filter(
          (b) => b.baseline.recipients + b.overlay.recipients + b.baseline.totalFen + b.overlay.totalFen > 0,
        ),
      }
    : null;
  const changed = result?.benefits.filter((b) => b.delta.totalFen !== 0 || b.delta.recipients !== 0) ?? [];

  return (
    <div className="list-page-main">
      <Card size="small" title="调整方案">
        <Form<WhatIfValues>
          form={form}
          name="policyWhatIf"
          layout="vertical"
          aria-label="调整方案"
          initialValues={{
            adjustments: [{ from: nextYear }],
            asOf: nextYear,
            regionCode: workingRegion,
            title: '',
          }}
          onFinish={(values) => void submit(values).catch(() => undefined)}
        >
          <Form.List name="adjustments">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => {
                  const parameterId = adjustments?.[field.name]?.parameter;
                  const parameter = parameterId ? parameters.get(parameterId) : undefined;
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      type="inner"
                      style={{ marginBottom: 12 }}
                      title={`调整 ${index + 1}`}
                      extra={
                        fields.length > 1 && (
                          <Button
                            type="text"
                            icon={<MinusCircleOutlined />}
                            onClick={() => remove(field.name)}
                            aria-label="删除此项调整"
                          >
                            删除
                          </Button>
                        )
                      }
                    >
                      <Row gutter={16}>
                        <Col xs={24} xl={8}>
                          <Form.Item
                            name={[field.name, 'parameter']}
                            label="政策参数"
                            rules={[{ required: true, message: '请选择要调整的参数' }]}
                          >
                            <Select
                              showSearch={{ optionFilterProp: 'label' }}
                              placeholder="选择参数，如：跨省务工一次性交通补助标准"
                              loading={library.isPending}
                              options={(library.data?.parameters ?? []).map((p) => ({
                                value: p.id,
                                label: p.label,
                              }))}
                              onChange={(id: string) => {
                                const chosen = parameters.get(id);
                                form.setFieldValue(
                                  ['adjustments', field.name, 'jurisdiction'],
                                  chosen ? defaultJurisdiction(chosen, viewScope) : undefined,
                                );
                              }}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={8} xl={4}>
                          <Form.Item
                            name={[field.name, 'jurisdiction']}
                            label="实施范围"
                            rules={[{ required: true, message: '请选择实施范围' }]}
                          >
                            <Select
                              options={[
                                ...(library.data?.jurisdictions ?? []).map((j) => ({
                                  value: j.code,
                                  label: jurisdictionName(j.code),
                                })),
                                { value: '*', label: '各级同时调整' },
                              ]}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={16} xl={6}>
                          <Form.Item label="新标准" required>
                            <ValueInput parameter={parameter} name={field.name} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={6} xl={3}>
                          <Form.Item
                            name={[field.name, 'from']}
                            label="起始日期"
                            rules={[{ required: true, message: '请选择起始日期' }]}
                          >
                            <DatePicker style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} md={6} xl={3}>
                          <Form.Item name={[field.name, 'to']} label="截止日期">
                            <DatePicker style={{ width: '100%' }} placeholder="长期" />
                          </Form.Item>
                        </Col>
                      </Row>
                      {parameter && (
                        <div>
                          <Typography.Text type="secondary">现行标准：</Typography.Text>
                          <CurrentValues parameter={parameter} />
                        </div>
                      )}
                    </Card>
                  );
                })}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ from: form.getFieldValue('asOf') ?? nextYear })}
                  style={{ marginBottom: 16 }}
                >
                  再调整一个参数
                </Button>
              </>
            )}
          </Form.List>
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="title"
                label="依据（方案或文件名称）"
                rules={[{ required: true, whitespace: true, message: '请填写调整依据' }]}
              >
                <Input placeholder="如：关于提高跨省务工交通补助标准的建议（讨论稿）" maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={4}>
              <Form.Item name="article" label="条款">
                <Input placeholder="如：第二条" maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Form.Item name="asOf" label="测算日" rules={[{ required: true, message: '请选择测算日' }]}>
                <DatePicker style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={6}>
              <Form.Item name="regionCode" label="测算区划" extra="在本人查看范围内">
                <RegionPicker aria-label="测算区划" scope={viewScope} />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={running}>
              开始模拟
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setJobId(undefined);
                start.reset();
              }}
            >
              重置
            </Button>
          </Space>
        </Form>
      </Card>

      {start.isError && (
        <Alert
          type="error"
          showIcon
          title={`模拟未能启动：${errorMessage(start.error)}`}
          description={
            start.error instanceof ApiError && start.error.details.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {start.error.details.map((detail, i) => (
                  <li key={i}>{detail.message}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      {job.isError && (
        <Alert type="error" showIcon title="无法获取模拟进度" description={errorMessage(job.error)} />
      )}

      {jobId && job.data && status !== 'finished' && (
        <Card size="small" title="模拟进度">
          <Progress
            percent={status === 'failed' ? percent : percent}
            status={status === 'failed' ? 'exception' : 'active'}
            format={() =>
              job.data?.total
                ? `${formatCount(job.data.processed)} / ${formatCount(job.data.total)}`
                : `${formatCount(job.data?.processed ?? 0)}`
            }
          />
          <Typography.Text type={status === 'failed' ? 'danger' : 'secondary'}>
            {job.data.message ?? (status === 'failed' ? '模拟失败' : '正在按现行政策和调整后政策逐人测算…')}
          </Typography.Text>
        </Card>
      )}

      {result ? (
        <Card size="small" title="模拟结果">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'asOf', label: '测算日', children: result.asOf },
              {
                key: 'region',
                label: '测算区划',
                children: result.regionCode ? <RegionLabel code={result.regionCode} full /> : '本人查看范围',
              },
              { key: 'population', label: '测算人数', children: `${formatCount(result.population)} 人` },
              {
                key: 'ruleset',
                label: '现行规则版本',
                children: <Typography.Text code>{result.rulesetVersion}</Typography.Text>,
              },
              {
                key: 'overlay',
                label: '调整后规则版本',
                children: <Typography.Text code>{result.overlayVersion}</Typography.Text>,
              },
              {
                key: 'changed',
                label: '受影响待遇',
                children: (
                  <Space size={[4, 4]} wrap>
                    {changed.length === 0 && (
                      <Typography.Text type="secondary">无（人数和金额均无变化）</Typography.Text>
                    )}
                    {changed.map((b) => (
                      <Tag key={b.benefitId} color="blue">
                        {b.label}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
          {active && active.benefits.length > 0 ? (
            <>
              <Suspense fallback={<div style={{ height: 340 }} />}>
                <ComparisonChart result={active} />
              </Suspense>
              <ComparisonTable result={active} />
            </>
          ) : (
            <Empty description="测算区划内在两种政策下均无人享受待遇" />
          )}
          {active && result.benefits.length > active.benefits.length && (
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              另有 {result.benefits.length - active.benefits.length}{' '}
              项待遇在现行政策和调整后均无人享受，未列出。
            </Typography.Paragraph>
          )}
        </Card>
      ) : (
        !jobId &&
        !start.isError && (
          <Card size="small">
            <Empty description="选择要调整的参数、新标准和起始日期，点击“开始模拟”：按台账全部劳动力测算现行与调整后的享受人数和金额" />
          </Card>
        )
      )}
    </div>
  );
}
