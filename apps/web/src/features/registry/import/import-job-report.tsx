import { useState } from 'react';
import { Button, Flex, Progress, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../shared/api/client.ts';
import {
  errorWorkbookUrl,
  useImportRows,
  type ImportJob,
  type ImportRow,
  type ImportRowOutcome,
} from './import.api.ts';

/** The report of an import job: its progress, the counts by outcome and the row-by-row results. */

const OUTCOME_LABELS: Record<ImportRowOutcome, { dry: string; real: string; color: string }> = {
  create: { dry: '将新增', real: '已新增', color: 'green' },
  update: { dry: '将更新', real: '已更新', color: 'blue' },
  skip: { dry: '将跳过', real: '已跳过', color: 'default' },
  reject: { dry: '将拒绝', real: '已拒绝', color: 'red' },
};

/** 正在导入: rows processed so far out of the file's estimated total. */
export function JobProgress({ job, isStalled }: { job: ImportJob; isStalled: boolean }) {
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

/** How many rows were (or, in a dry run, would be) created, updated, skipped and refused. */
export function JobCounts({ job }: { job: ImportJob }) {
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

/** 逐行结果, filtered by outcome, with the error workbook when rows were refused. */
export function JobRows({ job }: { job: ImportJob }) {
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
