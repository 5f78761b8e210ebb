import { useNavigate, useParams } from 'react-router-dom';
import { Card, DatePicker, Form, Input, Select, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import type { LoginLogEntry, OperationLogEntry, SensitiveReadLogEntry } from '@jiuye/contracts';
import { api, type Page, type QueryParams } from '../../shared/api/client.ts';
import { ListTable, SearchPanel, useColumnChooser, useListState } from '../../shared/layout/list-page.tsx';
import { RegionLabel } from '../../shared/region/region-label.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { roleLabel } from '../../app/admin-layout.tsx';
import {
  ACTION_FILTERS,
  actionLabel,
  ERROR_CODE_LABELS,
  LOGIN_REASON_LABELS,
  TARGET_LABELS,
} from './audit-labels.ts';

type LogKind = 'operations' | 'logins' | 'sensitive-reads';

const TABS: Array<{ key: LogKind; label: string }> = [
  { key: 'operations', label: '操作日志' },
  { key: 'logins', label: '登录日志' },
  { key: 'sensitive-reads', label: '敏感信息查看日志' },
];

interface SearchValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  username?: string;
  action?: string;
  result?: 'success' | 'failure';
  success?: 'true' | 'false';
}

function toQuery(values: SearchValues): QueryParams {
  const [from, to] = values.range ?? [];
  return {
    // The end day counts in full: up to the start of the next day (exclusive).
    from: from ? from.startOf('day').toISOString() : undefined,
    to: to ? to.add(1, 'day').startOf('day').toISOString() : undefined,
    username: values.username?.trim() || undefined,
    action: values.action?.trim() || undefined,
    result: values.result,
    success: values.success,
  };
}

function useLog<T>(kind: LogKind, query: QueryParams) {
  return useQuery({
    queryKey: ['audit', kind, query],
    queryFn: () => api.get<Page<T>>(`/audit/${kind}`, query),
    placeholderData: keepPreviousData,
  });
}

function detailText(detail: string | null): { summary: string; full: string } | undefined {
  if (!detail) return undefined;
  try {
    const parsed = JSON.parse(detail) as Record<string, unknown>;
    const code = typeof parsed.code === 'string' ? parsed.code : undefined;
    return {
      summary: code ? (ERROR_CODE_LABELS[code] ?? code) : detail,
      full: JSON.stringify(parsed, null, 2),
    };
  } catch {
    return { summary: detail, full: detail };
  }
}

const operationColumns: ColumnsType<OperationLogEntry> = [
  { key: 'occurredAt', title: '时间', dataIndex: 'occurredAt', width: 170, render: formatDateTime },
  {
    key: 'username',
    title: '用户',
    dataIndex: 'username',
    width: 120,
    render: (v: string | null) => v ?? '（未登录）',
  },
  {
    key: 'roles',
    title: '角色',
    dataIndex: 'roles',
    width: 130,
    render: (roles: string | null) => (roles ? roles.split(',').map(roleLabel).join('、') : '—'),
  },
  {
    key: 'regionCode',
    title: '区划',
    dataIndex: 'regionCode',
    width: 110,
    render: (code: string | null) => <RegionLabel code={code} />,
  },
  {
    key: 'action',
    title: '操作',
    dataIndex: 'action',
    width: 150,
    render: (action: string) => <span title={action}>{actionLabel(action)}</span>,
  },
  {
    key: 'target',
    title: '对象',
    width: 120,
    render: (_, row) =>
      row.targetType
        ? `${TARGET_LABELS[row.targetType] ?? row.targetType}${row.targetId ? ` #${row.targetId}` : ''}`
        : '—',
  },
  {
    key: 'result',
    title: '结果',
    dataIndex: 'result',
    width: 80,
    render: (result: string) =>
      result === 'success' ? <Tag color="green">成功</Tag> : <Tag color="red">失败</Tag>,
  },
  {
    key: 'detail',
    title: '详情',
    dataIndex: 'detail',
    ellipsis: true,
    render: (detail: string | null) => {
      const text = detailText(detail);
      if (!text) return '—';
      return (
        <Tooltip title={<pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{text.full}</pre>}>
          <span>{text.summary}</span>
        </Tooltip>
      );
    },
  },
  { key: 'ip', title: 'IP 地址', dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
];

const loginColumns: ColumnsType<LoginLogEntry> = [
  { key: 'occurredAt', title: '时间', dataIndex: 'occurredAt', width: 170, render: formatDateTime },
  { key: 'username', title: '用户名', dataIndex: 'username', width: 140 },
  {
    key: 'success',
    title: '结果',
    dataIndex: 'success',
    width: 80,
    render: (success: boolean) => (success ? <Tag color="green">成功</Tag> : <Tag color="red">失败</Tag>),
  },
  {
    key: 'reason',
    title: '说明',
    dataIndex: 'reason',
    width: 180,
    render: (reason: string) => <span title={reason}>{LOGIN_REASON_LABELS[reason] ?? reason}</span>,
  },
  { key: 'ip', title: 'IP 地址', dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? '—' },
  {
    key: 'userAgent',
    title: '浏览器',
    dataIndex: 'userAgent',
    ellipsis: true,
    render: (v: string | null) => v ?? '—',
  },
];

const sensitiveColumns: ColumnsType<SensitiveReadLogEntry> = [
  { key: 'occurredAt', title: '时间', dataIndex: 'occurredAt', width: 170, render: formatDateTime },
  { key: 'username', title: '用户', dataIndex: 'username', width: 130 },
  {
    key: 'target',
    title: '对象',
    width: 150,
    // An export names every labourer it revealed: the cell shows how many, its tooltip the ids.
    ellipsis: true,
    render: (_, row) => {
      const count = row.targetId.split(',').length;
      const label = TARGET_LABELS[row.targetType] ?? row.targetType;
      return count > 1 ? `${label}（${count}人）#${row.targetId}` : `${label} #${row.targetId}`;
    },
  },
  { key: 'field', title: '查看字段', dataIndex: 'field', width: 130 },
  { key: 'purpose', title: '查看目的', dataIndex: 'purpose', ellipsis: true },
  { key: 'ip', title: 'IP 地址', dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? '—' },
];

function LogTab<T extends { id: number }>({ kind, columns }: { kind: LogKind; columns: ColumnsType<T> }) {
  const [form] = Form.useForm<SearchValues>();
  const listState = useListState<QueryParams>({});
  const log = useLog<T>(kind, { ...listState.search, ...listState.paging });
  const columnChooser = useColumnChooser(`audit-${kind}`, columns);

  return (
    <div className="list-page-main">
      <SearchPanel<SearchValues>
        name={`${kind}Search`}
        form={form}
        state={listState}
        onSearch={(values) => listState.setSearch(toQuery(values))}
      >
        <Form.Item label="时间" name="range">
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 250 }} />
        </Form.Item>
        <Form.Item label="用户名" name="username">
          <Input placeholder="完整用户名" allowClear style={{ width: 150 }} />
        </Form.Item>
        {kind === 'operations' && (
          <>
            <Form.Item label="操作" name="action">
              <Select
                placeholder="全部"
                allowClear
                style={{ width: 180 }}
                options={ACTION_FILTERS}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
            <Form.Item label="结果" name="result">
              <Select
                placeholder="全部"
                allowClear
                style={{ width: 100 }}
                options={[
                  { value: 'success', label: '成功' },
                  { value: 'failure', label: '失败' },
                ]}
              />
            </Form.Item>
          </>
        )}
        {kind === 'logins' && (
          <Form.Item label="结果" name="success">
            <Select
              placeholder="全部"
              allowClear
              style={{ width: 100 }}
              options={[
                { value: 'true', label: '成功' },
                { value: 'false', label: '失败' },
              ]}
            />
          </Form.Item>
        )}
      </SearchPanel>
      <ListTable<T>
        actions={
          <Typography.Text type="secondary">日志只可查询，不能修改或删除；至少保存 180 天。</Typography.Text>
        }
        query={log}
        columnChooser={columnChooser}
        rowKey="id"
        state={listState}
        emptyText="暂无记录"
      />
    </div>
  );
}

/** 安全审计: the operation, login and sensitive-read logs, for the audit administrator. */
export default function AuditLogPage() {
  const { tab } = useParams<{ tab: LogKind }>();
  const navigate = useNavigate();
  const active: LogKind = TABS.some((t) => t.key === tab) ? tab! : 'operations';

  return (
    <Card size="small">
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/audit/${key}`)}
        destroyOnHidden
        items={[
          {
            key: 'operations',
            label: '操作日志',
            children: <LogTab kind="operations" columns={operationColumns} />,
          },
          { key: 'logins', label: '登录日志', children: <LogTab kind="logins" columns={loginColumns} /> },
          {
            key: 'sensitive-reads',
            label: '敏感信息查看日志',
            children: <LogTab kind="sensitive-reads" columns={sensitiveColumns} />,
          },
        ]}
      />
    </Card>
  );
}
