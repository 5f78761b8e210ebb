import { useNavigate } from 'react-router-dom';
import { Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { OrganizationDto } from '@jiuye/contracts';
import { api } from '../../shared/api/client.ts';
import { RegionLabel } from '../../shared/region/region-label.tsx';
import { useCan, useCurrentUser } from '../../app/session.tsx';
import { useWorkingRegion } from '../../app/region-context.tsx';
import { roleLabel } from '../../app/admin-layout.tsx';
import { MENU, menuFor } from '../../app/menu.tsx';

function greeting(hour: number): string {
  if (hour < 6) return '夜深了';
  if (hour < 12) return '上午好';
  if (hour < 14) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

function ScopeList({ codes }: { codes: string[] }) {
  if (codes.length === 0) return <Typography.Text type="secondary">无</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      {codes.map((code) => (
        <RegionLabel key={code} code={code} full />
      ))}
    </Space>
  );
}

/** 工作台: who I am, where I work, and the way into each page I may use. */
export default function HomePage() {
  const user = useCurrentUser();
  const can = useCan();
  const navigate = useNavigate();
  const { regionCode } = useWorkingRegion();
  const organization = useQuery({
    queryKey: ['organizations', 'one', user.organizationId],
    queryFn: () => api.get<OrganizationDto>(`/organizations/${user.organizationId}`),
    enabled: user.organizationId !== null && can('organization:read'),
    staleTime: 300_000,
  });
  const entries = menuFor(can, MENU)
    .flatMap((entry) =>
      entry.children
        ? entry.children.map((child) => ({ ...child, group: entry.label }))
        : [{ ...entry, group: '统计用区划代码' }],
    )
    .filter((entry) => entry.key !== '/');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          工作台
        </Typography.Title>
        <Typography.Paragraph style={{ fontSize: 16, marginBottom: 0 }}>
          {greeting(new Date().getHours())}，{user.displayName}！欢迎使用就业帮扶信息平台。
        </Typography.Paragraph>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title="我的账号" style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              styles={{ label: { width: 110 } }}
              items={[
                { key: 'username', label: '用户名', children: user.username },
                { key: 'displayName', label: '姓名', children: user.displayName },
                {
                  key: 'roles',
                  label: '角色',
                  children: user.roles.map((role) => (
                    <Tag key={role} color="blue">
                      {roleLabel(role)}
                    </Tag>
                  )),
                },
                {
                  key: 'organization',
                  label: '所属机构',
                  children:
                    user.organizationId === null
                      ? '—'
                      : (organization.data?.name ??
                        (organization.isFetching ? '…' : `#${user.organizationId}`)),
                },
                { key: 'view', label: '查看范围', children: <ScopeList codes={user.viewScope} /> },
                { key: 'capture', label: '录入范围', children: <ScopeList codes={user.captureScope} /> },
                { key: 'region', label: '当前区划', children: <RegionLabel code={regionCode} full /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title="常用功能" style={{ height: '100%' }}>
            {entries.length === 0 ? (
              <Empty description="暂无可用功能" />
            ) : (
              <Row gutter={[12, 12]}>
                {entries.map((entry) => (
                  <Col key={entry.key} span={12}>
                    <Card
                      size="small"
                      hoverable
                      role="link"
                      aria-label={entry.label}
                      onClick={() => navigate(entry.key)}
                      onKeyDown={(event) => event.key === 'Enter' && navigate(entry.key)}
                      tabIndex={0}
                    >
                      <Typography.Text strong>{entry.label}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary">{entry.group}</Typography.Text>
                    </Card>
                  </Col>
                ))}
              </Row>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
