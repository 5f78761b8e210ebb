import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, Button, Card, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../../shared/api/client.ts';
import { useCan } from '../../../app/session.tsx';
import { useLaborer, useLaborerMutations, type SensitiveField } from '../shared/registry.api.ts';
import {
  EMPLOYMENT_STATUS_COLORS,
  EMPLOYMENT_STATUS_LABELS,
  useDictionaryLabel,
} from '../shared/dictionary.ts';
import { LaborerFormDrawer } from './laborer-form-drawer.tsx';
import { LaborerHistory } from './laborer-history.tsx';
import { RegionText } from './laborer-detail-shared.tsx';
import { BasicInfoCard, IntentionCard } from './laborer-profile-cards.tsx';
import { EmploymentCard } from './laborer-employment-card.tsx';
import { FamilyCard } from './laborer-family-card.tsx';

/** 劳动力详情: the fields grouped as on the paper forms (实名制台账), the household, and the change history. */
export default function LaborerDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const navigate = useNavigate();
  const can = useCan();
  const label = useDictionaryLabel();
  const laborer = useLaborer(Number.isInteger(id) && id > 0 ? id : undefined);
  const { reveal } = useLaborerMutations();
  const [editing, setEditing] = useState(false);

  if (
    !Number.isInteger(id) ||
    id <= 0 ||
    (laborer.error instanceof ApiError && laborer.error.status === 404)
  ) {
    return (
      <Result
        status="404"
        title="劳动力不存在"
        subTitle="该劳动力不存在，或不在您的查看范围内。"
        extra={<Button onClick={() => navigate('/registry/laborers')}>返回劳动力台账</Button>}
      />
    );
  }
  if (laborer.isError) {
    return (
      <Result
        status="error"
        title="无法读取劳动力信息"
        subTitle={errorMessage(laborer.error)}
        extra={<Button onClick={() => void laborer.refetch()}>重试</Button>}
      />
    );
  }
  if (!laborer.data)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 12 }} />
      </Card>
    );

  const data = laborer.data;
  const { basic, employment, family } = data;
  const canEdit = data.canEdit && !data.isReadOnly && can('registry:write');
  const canReveal = can('registry:reveal') && !data.isReadOnly;
  const revealer = (field: SensitiveField) =>
    canReveal
      ? async (purpose: string) => (await reveal.mutateAsync({ id, field, purpose })).value ?? '—'
      : undefined;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size={12} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回">
              返回
            </Button>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {basic.name}
            </Typography.Title>
            <Tag color={EMPLOYMENT_STATUS_COLORS[employment.status]}>
              {EMPLOYMENT_STATUS_LABELS[employment.status] ?? employment.status}
            </Tag>
            {family.household && (
              <Tag color="blue">{label('household_type', family.household.householdType)}</Tag>
            )}
            <Typography.Text type="secondary">
              <RegionText code={data.regionCode} name={data.regionName} full />
            </Typography.Text>
          </Space>
          {canEdit && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
              编辑
            </Button>
          )}
        </Space>
      </Card>
      {data.isReadOnly && (
        <Alert
          type="info"
          showIcon
          title="此人户籍不在您的辖区，在您的辖区务工：仅供就业地核实就业情况，不能修改，家庭和敏感信息不显示。"
        />
      )}

      <BasicInfoCard laborer={data} revealer={revealer} />

      <IntentionCard laborer={data} />

      <EmploymentCard laborer={data} />

      {!data.isReadOnly && <FamilyCard family={family} />}

      {!data.isReadOnly && (
        <Card size="small" title="修改记录">
          <LaborerHistory laborerId={id} />
        </Card>
      )}

      <LaborerFormDrawer open={editing} laborer={data} onClose={() => setEditing(false)} />
    </Space>
  );
}
