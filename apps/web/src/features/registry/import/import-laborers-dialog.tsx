import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  Modal,
  Space,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../../shared/api/client.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { rememberJob, TEMPLATE_URL, useImportUpload, useResumeImport } from './import.api.ts';
import { JobCounts, JobProgress, JobRows } from './import-job-report.tsx';
import { useTrackedImportJob } from './use-tracked-import-job.ts';

/** How a failed upload reads: the server's message, then the details that say more than it. */
function uploadErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const details = error.details.map((detail) => detail.message).filter((text) => text !== error.message);
  return details.length > 0 ? `${error.message}：${details.join('；')}` : error.message;
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
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [update, setUpdate] = useState(false);
  const { jobId, setJobId, jobQuery, job, isGone, isStalled, markMoving } = useTrackedImportJob(onImported);
  const upload = useImportUpload();
  const resume = useResumeImport();
  const file = files[0]?.originFileObj;

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
            markMoving();
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
