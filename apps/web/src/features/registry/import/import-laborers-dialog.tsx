import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  Flex,
  Modal,
  Progress,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../../../shared/api/client.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { registryKeys } from '../shared/registry.api.ts';
import {
  errorWorkbookUrl,
  rememberedJob,
  rememberJob,
  TEMPLATE_URL,
  useImportJob,
  useImportRows,
  useImportUpload,
  useResumeImport,
  type ImportJob,
  type ImportRow,
  type ImportRowOutcome,
} from './import.api.ts';

const OUTCOME_LABELS: Record<ImportRowOutcome, { dry: string; real: string; color: string }> = {
  create: { dry: '将新增', real: '已新增', color: 'green' },
  update: { dry: '将更新', real: '已更新', color: 'blue' },
  skip: { dry: '将跳过', real: '已跳过', color: 'default' },
  reject: { dry: '将拒绝', real: '已拒绝', color: 'red' },
};

/** A running job whose count has not moved for this long was probably cut off (a server restart). */
const STALLED_AFTER_MS = 20_000;

/** How a failed upload reads: the server's message, then the details that say more than it. */
function uploadErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const details = error.details.map((detail) => detail.message).filter((text) => text !== error.message);
  return details.length > 0 ? `${error.message}：${details.join('；')}` : error.message;
}

function JobProgress({ job, isStalled }: { job: ImportJob; isStalled: boolean }) {
  const total = job.totalRows ?? 0;
  const percent = total > 0 ? Math.min(99, Math.floor((job.processedRows / total) * 100)) : 0;
  return (
    <div>
      <Typography.Text>
        {job.dryRun ? '正在预检' : '正在导入'}“{job.fileName}”：已处理 {job.processedRows} 行
        {job.totalRows !== null ? `，共约 ${job.totalRows} 行` : ''}
      </Typography.Text>
      <Progress percent={percent} status={isStalled ? 'normal' : 'active'} aria-label="导入进度" />
    </div>
  );
}

function JobCounts({ job }: { job: ImportJob }) {
  const word = (key: ImportRowOutcome) => (job.dryRun ? OUTCOME_LABELS[key].dry : OUTCOME_LABELS[key].real);
  return (
    <Flex gap={32} className="import-counts" role="group" aria-label="导入结果统计">
      <Statistic title={word('create')} value={job.createdCount} suffix="人" />
      <Statistic title={word('update')} value={job.updatedCount} suffix="人" />
      <Statistic title={word('skip')} value={job.skippedCount} suffix="人" />
      <Statistic
        title={word('reject')}
        value={job.rejectedCount}
        suffix="人"
        styles={job.rejectedCount > 0 ? { content: { color: '#cf1322' } } : undefined}
      />
    </Flex>
  );
}

function JobRows({ job }: { job: ImportJob }) {
  const [outcome, setOutcome] = useState<ImportRowOutcome | 'all'>(job.rejectedCount > 0 ? 'reject' : 'all');
  const [paging, setPaging] = useState({ page: 1, pageSize: 10 });
  const rows = useImportRows(
    job.id,
    { outcome: outcome === 'all' ? undefined : outcome, ...paging },
    job.status !== 'running',
  );
  const word = (key: ImportRowOutcome) => (job.dryRun ? OUTCOME_LABELS[key].dry : OUTCOME_LABELS[key].real);
  const columns: ColumnsType<ImportRow> = [
    { key: 'row', title: '行号', dataIndex: 'row', width: 70 },
    {
      key: 'outcome',
      title: '结果',
      dataIndex: 'outcome',
      width: 90,
      render: (value: ImportRowOutcome) => <Tag color={OUTCOME_LABELS[value].color}>{word(value)}</Tag>,
    },
    {
      key: 'messages',
      title: '说明',
      dataIndex: 'messages',
      render: (messages: string[]) =>
        messages.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <div>
            {messages.map((text, index) => (
              <div key={index}>{text}</div>
            ))}
          </div>
        ),
    },
  ];
  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Segmented<ImportRowOutcome | 'all'>
          aria-label="按结果筛选"
          value={outcome}
          onChange={(value) => {
            setOutcome(value);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'create', label: word('create') },
            { value: 'update', label: word('update') },
            { value: 'skip', label: word('skip') },
            { value: 'reject', label: word('reject') },
          ]}
        />
        {job.rejectedCount > 0 && (
          <Button icon={<DownloadOutlined />} href={errorWorkbookUrl(job.id)} download>
            下载错误报告
          </Button>
        )}
      </Flex>
      {!job.dryRun && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          正式导入只保留被拒绝和有提示的行。
        </Typography.Paragraph>
      )}
      <Table<ImportRow>
        aria-label="逐行结果"
        rowKey="row"
        size="small"
        columns={columns}
        dataSource={rows.data?.items}
        loading={rows.isFetching}
        locale={{ emptyText: rows.isError ? errorMessage(rows.error) : '没有符合条件的行' }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: rows.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (count) => `共 ${count} 行`,
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
    </div>
  );
}

/**
 * 导入劳动力台账, after RuoYi's import dialog: template, file, 是否更新已经存在的数据, then a 预检 (dry run) with the
 * row-by-row report and the error workbook, and the real run with its progress; an interrupted run can be resumed.
 */
export function ImportLaborersDialog({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported?: () => void;
}) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [update, setUpdate] = useState(false);
  // A real run left unfinished in this browser is shown again when the dialog opens.
  const [jobId, setJobId] = useState<number | undefined>(() => rememberedJob(user.id));
  const upload = useImportUpload();
  const resume = useResumeImport();
  const jobQuery = useImportJob(jobId);
  const job = jobQuery.data;
  const file = files[0]?.originFileObj;

  // Forget a remembered job that finished or no longer exists (not one the server could not answer about: a
  // restarting server is exactly when the job may need 继续).
  const isGone = jobQuery.error instanceof ApiError && jobQuery.error.status === 404;
  useEffect(() => {
    if (jobId === undefined || rememberedJob(user.id) !== jobId) return;
    if (isGone || (job && !job.dryRun && job.status === 'finished')) rememberJob(user.id, undefined);
  }, [jobId, job, isGone, user.id]);
  useEffect(() => {
    if (isGone) setJobId(undefined);
  }, [isGone]);

  // Tell the page once a real run has finished, so its list shows the new people.
  const reported = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!job || job.dryRun || job.status !== 'finished' || reported.current === job.id) return;
    reported.current = job.id;
    void queryClient.invalidateQueries({ queryKey: registryKeys.all });
    onImported?.();
  }, [job, onImported, queryClient]);

  // A running job whose count stays put for a while was probably interrupted: offer 继续.
  const lastMoveAt = useRef(Date.now());
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (job?.status !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, [job?.status]);
  const processedRows = job?.processedRows;
  useEffect(() => {
    if (processedRows !== undefined) lastMoveAt.current = Date.now();
  }, [processedRows]);
  const isStalled = job?.status === 'running' && now - lastMoveAt.current > STALLED_AFTER_MS;

  const start = async (dryRun: boolean) => {
    if (!file) return;
    resume.reset();
    try {
      const started = await upload.mutateAsync({ file, dryRun, update });
      setJobId(started.id);
      if (!dryRun) rememberJob(user.id, started.id);
    } catch {
      // shown from upload.error
    }
  };

  const chooseAgain = () => {
    setJobId(undefined);
    setFiles([]);
    upload.reset();
    resume.reset();
    rememberJob(user.id, undefined);
  };

  // Nothing was committed before the first chunk: such a failure is redone by importing the file again.
  const canResume =
    job !== undefined && !job.dryRun && ((job.status === 'failed' && job.processedRows > 0) || isStalled);
  const busy = upload.isPending || job?.status === 'running';
  // A file refused as a whole (no header, unreadable) has no rows to show.
  const hasResults =
    job !== undefined && job.status !== 'running' && (job.status === 'finished' || job.processedRows > 0);

  const footer = (() => {
    if (!job) {
      return [
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="dry" disabled={!file} loading={upload.isPending} onClick={() => void start(true)}>
          预检
        </Button>,
        <Button
          key="real"
          type="primary"
          disabled={!file}
          loading={upload.isPending}
          onClick={() => void start(false)}
        >
          导入
        </Button>,
      ];
    }
    const buttons = [];
    if (job.status !== 'running' || canResume) {
      buttons.push(
        <Button key="again" onClick={chooseAgain} disabled={upload.isPending}>
          重新选择文件
        </Button>,
      );
    }
    if (canResume) {
      buttons.push(
        <Button
          key="resume"
          type="primary"
          loading={resume.isPending}
          onClick={() => {
            lastMoveAt.current = Date.now();
            resume.mutate(job.id);
          }}
        >
          继续
        </Button>,
      );
    }
    if (job.dryRun && job.status === 'finished') {
      buttons.push(
        <Button
          key="real"
          type="primary"
          disabled={!file || job.createdCount + job.updatedCount === 0}
          loading={upload.isPending}
          onClick={() => void start(false)}
        >
          导入
        </Button>,
      );
    }
    buttons.push(
      <Button
        key="close"
        type={!job.dryRun && job.status === 'finished' ? 'primary' : 'default'}
        onClick={onClose}
      >
        {job.status === 'running' && !canResume
          ? '后台运行'
          : !job.dryRun && job.status === 'finished'
            ? '完成'
            : '取消'}
      </Button>,
    );
    return buttons;
  })();

  return (
    <Modal
      title="导入劳动力台账"
      open={open}
      onCancel={onClose}
      footer={footer}
      width={job ? 860 : 560}
      maskClosable={false}
      destroyOnHidden
    >
      {!job && jobId === undefined && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => {
              setFiles(fileList.slice(-1));
              upload.reset();
            }}
            disabled={upload.isPending}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">将文件拖到此处，或点击选择文件</p>
          </Upload.Dragger>
          <Checkbox checked={update} onChange={(event) => setUpdate(event.target.checked)}>
            是否更新已经存在的数据
          </Checkbox>
          <Typography.Text type="secondary">
            {update ? '证件号码已登记的人员将按文件内容更新。' : '证件号码已登记的人员将被跳过，不作修改。'}
          </Typography.Text>
          <Typography.Text type="secondary">
            仅允许导入 xlsx、csv 格式文件，请按模板填写。
            <Typography.Link href={TEMPLATE_URL} download>
              下载模板
            </Typography.Link>
          </Typography.Text>
          <Typography.Text type="secondary">
            先点“预检”可查看每行将新增、更新还是被拒绝，不写入数据。
          </Typography.Text>
        </Space>
      )}
      {upload.isError && (
        <Alert type="error" showIcon title="文件未能导入" description={uploadErrorText(upload.error)} />
      )}
      {jobId !== undefined && !job && jobQuery.isLoading && (
        <Typography.Text>正在读取导入任务…</Typography.Text>
      )}
      {job && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={3}>
            <Descriptions.Item label="文件">{job.fileName}</Descriptions.Item>
            <Descriptions.Item label="方式">
              <Space size={4}>
                {job.dryRun ? <Tag color="gold">预检（不写入）</Tag> : <Tag color="blue">正式导入</Tag>}
                {job.update ? '更新已存在的数据' : '跳过已存在的数据'}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="开始时间">{formatDateTime(job.createdAt)}</Descriptions.Item>
          </Descriptions>
          {job.status === 'running' && <JobProgress job={job} isStalled={isStalled} />}
          {isStalled && (
            <Alert
              type="warning"
              showIcon
              title="导入已有一段时间没有进展，可能因服务重启而中断"
              description="点击“继续”从最后保存的位置接着导入，已导入的行不会重复写入。"
            />
          )}
          {job.status === 'failed' && (
            <Alert
              type="error"
              showIcon
              title={job.dryRun ? '预检未完成' : '导入未完成'}
              description={`${job.message ?? '导入中断。'} ${
                canResume
                  ? '点击“继续”从最后保存的位置接着导入，已导入的行不会重复写入。'
                  : '请改正后重新选择文件。'
              }`}
            />
          )}
          {jobQuery.isError && !isGone && (
            <Alert type="warning" showIcon title={`暂时无法读取导入进度：${errorMessage(jobQuery.error)}`} />
          )}
          {resume.isError && <Alert type="error" showIcon title={errorMessage(resume.error)} />}
          {job.status === 'finished' && (
            <Alert
              type={job.rejectedCount > 0 ? 'warning' : 'success'}
              showIcon
              title={
                job.dryRun
                  ? `预检完成：共 ${job.processedRows} 行，未写入任何数据`
                  : `导入完成：共 ${job.processedRows} 行`
              }
              description={
                job.dryRun
                  ? job.rejectedCount > 0
                    ? '被拒绝的行不会导入。可下载错误报告，改正后重新导入；也可先导入其余的行。'
                    : '确认无误后点击“导入”。'
                  : job.rejectedCount > 0
                    ? '被拒绝的行未导入：下载错误报告，改正后重新导入这些行。'
                    : undefined
              }
            />
          )}
          {hasResults && <JobCounts job={job} />}
          {hasResults && <JobRows key={job.id} job={job} />}
          {!job.dryRun && busy && !canResume && (
            <Typography.Text type="secondary">
              关闭窗口不会中断导入，重新打开“导入”可查看进度。
            </Typography.Text>
          )}
        </Space>
      )}
    </Modal>
  );
}
