import { Card, Descriptions, Space, Tag } from 'antd';
import { MaskedField } from '../../../shared/masked-field.tsx';
import type { LaborerDetailDto, SensitiveField } from '../shared/registry.api.ts';
import { useDictionaryLabel } from '../shared/dictionary.ts';
import { OccupationLabel } from '../shared/occupation-select.tsx';
import { DESCRIPTIONS, RegionText } from './laborer-detail-shared.tsx';

const yesNo = (value: boolean) => (value ? '是' : '否');

/** 基本信息: identity, contact and the sensitive fields, each revealed on purpose for whoever may. */
export function BasicInfoCard({
  laborer,
  revealer,
}: {
  laborer: LaborerDetailDto;
  /** The reveal of a sensitive field, or nothing for whoever may not reveal it. */
  revealer: (field: SensitiveField) => ((purpose: string) => Promise<string>) | undefined;
}) {
  const label = useDictionaryLabel();
  const { basic } = laborer;
  return (
    <Card size="small" title="基本信息">
      <Descriptions
        {...DESCRIPTIONS}
        items={[
          { key: 'name', label: '姓名', children: basic.name },
          {
            key: 'idNumber',
            label: '证件号码',
            children: (
              <MaskedField
                masked={basic.idNumberMasked}
                fieldLabel="证件号码"
                onReveal={revealer('idNumber')}
              />
            ),
          },
          { key: 'sex', label: '性别', children: label('sex', basic.sex) },
          { key: 'birthDate', label: '出生日期', children: basic.birthDate },
          { key: 'age', label: '年龄', children: `${basic.age} 岁` },
          { key: 'ethnicity', label: '民族', children: label('ethnicity', basic.ethnicity) },
          {
            key: 'phone',
            label: '联系电话',
            children: (
              <MaskedField masked={basic.phoneMasked} fieldLabel="联系电话" onReveal={revealer('phone')} />
            ),
          },
          {
            key: 'bankAccount',
            label: '银行账号',
            children: (
              <MaskedField
                masked={basic.bankAccountMasked}
                fieldLabel="银行账号"
                onReveal={revealer('bankAccount')}
              />
            ),
          },
          { key: 'education', label: '文化程度', children: label('education', basic.education) },
          { key: 'health', label: '健康状况', children: label('health', basic.health) },
          {
            key: 'isDisabled',
            label: '是否残疾',
            children: basic.isDisabled
              ? `是${basic.hasDisabilityDetail ? '（残疾情况已加密登记）' : ''}`
              : '否',
          },
          { key: 'isRelocated', label: '易地搬迁', children: yesNo(basic.isRelocated) },
          {
            key: 'region',
            label: '户籍地',
            span: 'filled',
            children: <RegionText code={laborer.regionCode} name={laborer.regionName} full />,
          },
        ]}
      />
    </Card>
  );
}

/** 劳动技能与就业意愿: skills, certificates and what the person wants (training, work, services). */
export function IntentionCard({ laborer }: { laborer: LaborerDetailDto }) {
  const label = useDictionaryLabel();
  const { basic, intention } = laborer;
  return (
    <Card size="small" title="劳动技能与就业意愿">
      <Descriptions
        {...DESCRIPTIONS}
        items={[
          {
            key: 'laborCapacity',
            label: '劳动技能',
            children: label('labor_capacity', basic.laborCapacity),
          },
          {
            key: 'trainingWillingness',
            label: '培训意愿',
            children: label('training_willingness', intention.trainingWillingness),
          },
          {
            key: 'jobIntention',
            label: '就业意愿',
            children: label('job_intention', intention.jobIntention),
          },
          {
            key: 'intendedOccupation',
            label: '意向职业',
            children: <OccupationLabel code={intention.intendedOccupationCode} />,
          },
          {
            key: 'intendedWorkArea',
            label: '意向地域',
            children: label('work_area', intention.intendedWorkArea),
          },
          {
            key: 'intendedMonthlyWage',
            label: '意向月薪',
            children: intention.intendedMonthlyWage === null ? '—' : `${intention.intendedMonthlyWage} 元`,
          },
          {
            key: 'skills',
            label: '技能/职业',
            span: 'filled',
            children:
              basic.skills.length === 0 ? (
                '—'
              ) : (
                <Space orientation="vertical" size={0}>
                  {basic.skills.map((code) => (
                    <OccupationLabel key={code} code={code} />
                  ))}
                </Space>
              ),
          },
          {
            key: 'certificates',
            label: '证书',
            span: 'filled',
            children: basic.certificates.length === 0 ? '—' : basic.certificates.join('、'),
          },
          {
            key: 'serviceNeeds',
            label: '就业服务需求',
            span: 'filled',
            children:
              intention.serviceNeeds.length === 0 ? (
                '—'
              ) : (
                <Space size={[4, 4]} wrap>
                  {intention.serviceNeeds.map((code) => (
                    <Tag key={code}>{label('service_need', code)}</Tag>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
