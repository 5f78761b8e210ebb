import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Progress,
  Row,
  Space,
  Typography,
} from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, errorMessage } from '../../shared/api/client.ts';
import { RegionPicker } from '../../shared/region/region-picker.tsx';
import { useWorkingRegion } from '../../app/region-context.tsx';
import { usePolicyLibrary, useStartWhatIf, useWhatIfJob } from './policy.api.ts';
import { formatCount } from './policy-format.ts';
import { overlayOf, type WhatIfValues } from './policy-whatif-overlay.ts';
import { AdjustmentList } from './policy-whatif-adjustments.tsx';
import { WhatIfResultCard } from './policy-whatif-results.tsx';

/** 政策调整模拟: a parameter overlay evaluated over the registry, next to the policy in force, by benefit and region. */
export default function PolicyWhatIfPage() {
  const { regionCode: workingRegion, viewScope } = useWorkingRegion();
  const library = usePolicyLibrary();
  const start = useStartWhatIf();
  const [jobId, setJobId] = useState<string>();
  const job = useWhatIfJob(jobId);
  const [form] = Form.useForm<WhatIfValues>();
  const parameters = useMemo(
    () => new Map((library.data?.parameters ?? []).map((p) => [p.id, p])),
    [library.data],
  );
  const nextYear = dayjs().add(1, 'year').startOf('year');

  const submit = async (values: WhatIfValues) => {
    const overlay = overlayOf(values, parameters);
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
          <AdjustmentList
            form={form}
            library={library.data}
            loading={library.isPending}
            parameters={parameters}
            viewScope={viewScope}
            nextYear={nextYear}
          />
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
        <WhatIfResultCard result={result} />
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
