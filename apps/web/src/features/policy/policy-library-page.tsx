import { useState } from 'react';
import { Button, Card, Flex, Input, Result, Select, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../shared/api/client.ts';
import { useCan } from '../../app/session.tsx';
import { usePolicyLibrary } from './policy.api.ts';
import { jurisdictionName } from './policy-format.ts';
import { PolicyValuesModal } from './policy-values-modal.tsx';
import type { LibraryFilter } from './policy-library-filter.ts';
import { DocumentsTab } from './policy-library-documents.tsx';
import { ParametersTab } from './policy-library-parameters.tsx';
import { BenefitsTab } from './policy-library-benefits.tsx';

/** 政策库: documents with their articles, parameters with every value, benefits with cases, caps and exclusivity. */
export default function PolicyLibraryPage() {
  const can = useCan();
  const library = usePolicyLibrary();
  const [filter, setFilter] = useState<LibraryFilter>({ text: '' });
  const [adding, setAdding] = useState(false);
  const [tab, setTab] = useState('parameters');

  if (library.isPending) {
    return (
      <div className="page-loading">
        <Spin size="large" />
      </div>
    );
  }
  if (library.isError) {
    return (
      <Result
        status="error"
        title="政策库加载失败"
        subTitle={errorMessage(library.error)}
        extra={<Button onClick={() => void library.refetch()}>重试</Button>}
      />
    );
  }
  const data = library.data;
  const unsetCount = data.parameters.reduce(
    (sum, p) => sum + p.values.filter((v) => v.value === null).length,
    0,
  );

  return (
    <div className="list-page-main">
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Space wrap>
            <Input.Search
              allowClear
              placeholder="搜索文号、标题、条款原文、参数或待遇"
              aria-label="搜索政策"
              style={{ width: 320 }}
              onSearch={(text) => setFilter((f) => ({ ...f, text: text.trim() }))}
              onChange={(e) => {
                if (!e.target.value) setFilter((f) => ({ ...f, text: '' }));
              }}
            />
            <Select
              allowClear
              placeholder="全部文件"
              aria-label="政策文件"
              style={{ width: 300 }}
              value={filter.documentId}
              onChange={(documentId?: string) => setFilter((f) => ({ ...f, documentId }))}
              options={data.documents.map((d) => ({ value: d.id, label: d.number ?? d.title }))}
              popupMatchSelectWidth={false}
            />
            <Select
              allowClear
              placeholder="全部实施范围"
              aria-label="实施范围"
              style={{ width: 150 }}
              value={filter.jurisdiction}
              onChange={(jurisdiction?: string) => setFilter((f) => ({ ...f, jurisdiction }))}
              options={data.jurisdictions.map((j) => ({
                value: j.code,
                label: jurisdictionName(j.code),
              }))}
            />
          </Space>
          <Space wrap>
            <Typography.Text type="secondary">
              规则版本 <Typography.Text code>{data.rulesetVersion}</Typography.Text>
            </Typography.Text>
            <Tooltip title="刷新">
              <Button
                shape="circle"
                icon={<ReloadOutlined />}
                aria-label="刷新"
                onClick={() => void library.refetch()}
              />
            </Tooltip>
            {can('policy:write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                新增政策参数
              </Button>
            )}
          </Space>
        </Flex>
        {unsetCount > 0 && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            共 {unsetCount} 项标准文件未明确（“按规定”“由市级制定”），显示为
            <Tag color="warning" style={{ marginInline: 4 }}>
              未设定
            </Tag>
            ，设定前测算结果为“标准未设定”，不予计算金额。
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'parameters',
              label: `政策参数（${data.parameters.length}）`,
              children: <ParametersTab library={data} filter={filter} />,
            },
            {
              key: 'benefits',
              label: `待遇项目（${data.benefits.length}）`,
              children: <BenefitsTab library={data} filter={filter} />,
            },
            {
              key: 'documents',
              label: `政策文件（${data.documents.length}）`,
              children: <DocumentsTab library={data} filter={filter} />,
            },
          ]}
        />
      </Card>
      {can('policy:write') && (
        <PolicyValuesModal open={adding} library={data} onClose={() => setAdding(false)} />
      )}
    </div>
  );
}
