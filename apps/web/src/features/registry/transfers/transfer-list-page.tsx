import { useState } from 'react';
import { Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../shared/api/client.ts';
import { paginationOf, TableToolbar, tableWidth } from '../../../shared/layout/list-page.tsx';
import { formatDateTime } from '../../../shared/format.ts';
import { useCan } from '../../../app/session.tsx';
import { useWorkingRegion } from '../../../app/region-context.tsx';
import { TransferDecisionModal, type TransferDecision } from './transfer-decision-modal.tsx';
import { TransferRequestModal } from './transfer-request-modal.tsx';
import {
  TRANSFER_STATUS_LABELS,
  useTransfers,
  type Transfer,
  type TransferDirection,
  type TransferStatus,
} from './transfer.api.ts';

const DIRECTION_TABS: Array<{ key: TransferDirection; label: string; hint: string }> = [
  {
    key: 'incoming',
    label: '待本地处理',
    hint: '其他地区申请转走本地登记的劳动力：由本地（现户籍地）同意或拒绝；已处理的申请仍留在这里备查。',
  },
  {
    key: 'outgoing',
    label: '本地发出',
    hint: '本地申请转入的劳动力：由对方（现户籍地）处理。',
  },
];

/** 转移接续: requests to move a labourer's 户籍地 between regions, in both directions. */
export default function TransferListPage() {
  const can = useCan();
  const canWrite = can('registry:write');
  const { regionCode } = useWorkingRegion();
  const [direction, setDirection] = useState<TransferDirection>('incoming');
  const [status, setStatus] = useState<TransferStatus | undefined>('pending');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [deciding, setDeciding] = useState<{ transfer: Transfer; decision: TransferDecision } | undefined>();
  const [requesting, setRequesting] = useState(false);
  const list = useTransfers({ direction, status, ...paging });

  const columns: ColumnsType<Transfer> = [
    {
      key: 'laborerName',
      title: '姓名',
      dataIndex: 'laborerName',
      width: 100,
      render: (name: string | null, row) =>
        name ? <Link to={`/registry/laborers/${row.laborerId}`}>{name}</Link> : '—',
    },
    { key: 'idNumberMasked', title: '证件号码', dataIndex: 'idNumberMasked', width: 190 },
    {
      key: 'from',
      title: '原户籍地',
      width: 150,
      render: (_, row) => row.fromRegionName ?? row.fromRegionCode ?? '其他地区',
    },
    {
      key: 'to',
      title: '申请转入',
      width: 150,
      render: (_, row) => <span title={row.toRegionCode}>{row.toRegionName ?? row.toRegionCode}</span>,
    },
    { key: 'reason', title: '转移原因', dataIndex: 'reason', width: 200, ellipsis: true },
    {
      key: 'status',
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (value: TransferStatus) => (
        <Tag color={TRANSFER_STATUS_LABELS[value].color}>{TRANSFER_STATUS_LABELS[value].label}</Tag>
      ),
    },
    { key: 'requestedAt', title: '申请时间', dataIndex: 'requestedAt', width: 160, render: formatDateTime },
    { key: 'decidedAt', title: '处理时间', dataIndex: 'decidedAt', width: 160, render: formatDateTime },
    {
      key: 'decisionNote',
      title: '处理意见',
      dataIndex: 'decisionNote',
      width: 180,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    ...(canWrite && direction === 'incoming'
      ? [
          {
            key: 'actions',
            title: '操作',
            width: 110,
            fixed: 'right' as const,
            render: (_: unknown, row: Transfer) =>
              row.status === 'pending' ? (
                <Space size={4}>
                  <Typography.Link onClick={() => setDeciding({ transfer: row, decision: 'accept' })}>
                    同意
                  </Typography.Link>
                  <Typography.Link
                    type="danger"
                    onClick={() => setDeciding({ transfer: row, decision: 'refuse' })}
                  >
                    拒绝
                  </Typography.Link>
                </Space>
              ) : (
                '—'
              ),
          },
        ]
      : []),
  ];

  const tab = DIRECTION_TABS.find((item) => item.key === direction)!;
  return (
    <Card size="small">
      <Tabs
        activeKey={direction}
        onChange={(key) => {
          setDirection(key as TransferDirection);
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        items={DIRECTION_TABS.map(({ key, label }) => ({ key, label }))}
      />
      <TableToolbar onRefresh={() => void list.refetch()}>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRequesting(true)}>
            申请转入
          </Button>
        )}
        <span>
          状态：
          <Select<TransferStatus | 'all'>
            aria-label="状态"
            value={status ?? 'all'}
            style={{ width: 110 }}
            onChange={(value) => {
              setStatus(value === 'all' ? undefined : value);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={[
              { value: 'all', label: '全部' },
              ...Object.entries(TRANSFER_STATUS_LABELS).map(([value, { label }]) => ({
                value: value as TransferStatus,
                label,
              })),
            ]}
          />
        </span>
        <Typography.Text type="secondary">{tab.hint}</Typography.Text>
      </TableToolbar>
      <Table<Transfer>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: tableWidth(columns) }}
        locale={{ emptyText: list.isError ? errorMessage(list.error) : '暂无转移申请' }}
        pagination={paginationOf(paging.page, paging.pageSize, list.data?.total, (page, pageSize) =>
          setPaging({ page, pageSize }),
        )}
      />
      <TransferDecisionModal
        transfer={deciding?.transfer}
        decision={deciding?.decision ?? 'accept'}
        onClose={() => setDeciding(undefined)}
      />
      <TransferRequestModal
        open={requesting}
        defaultRegionCode={regionCode}
        onClose={() => setRequesting(false)}
      />
    </Card>
  );
}
