import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { LaborerCreateInput, LaborerDetailDto } from '@jiuye/contracts';
import { validateIdNumber } from '@jiuye/domain/identity/id-number.ts';
import { isRegionCode, isWithinScope, regionLevel } from '@jiuye/domain/region/region-code.ts';
import { ApiError, errorMessage, type ErrorDetail } from '../../../shared/api/client.ts';
import { applyServerErrors } from '../../../shared/form/server-errors.ts';
import { RegionPicker } from '../../../shared/region/region-picker.tsx';
import { useCurrentUser } from '../../../app/session.tsx';
import { useLaborerMutations } from '../shared/registry.api.ts';
import { useDictionaryLabel, useDictionaryOptions } from '../shared/dictionary.ts';
import { OccupationMultiSelect, OccupationSelect } from '../shared/occupation-select.tsx';
import { HouseholdSelect } from '../shared/household-select.tsx';

interface SpellValues {
  startMonth?: Dayjs | null;
  endMonth?: Dayjs | null;
  employmentForm?: string | null;
  workArea?: string | null;
  workRegionCode?: string | null;
  employerName?: string | null;
  industry?: string | null;
  channel?: string | null;
  /** Whole yuan in the form; fen on the wire. */
  monthlyIncome?: number | null;
  flags?: Array<'isOrganizedTransport' | 'hasTransportSubsidy' | 'hasContract' | 'hasSocialInsurance'>;
}

interface FormValues {
  regionCode?: string;
  householdId?: number | null;
  name: string;
  idNumber?: string;
  ethnicity?: string | null;
  relationToHead?: string | null;
  phone?: string;
  bankAccount?: string;
  education?: string | null;
  health?: string | null;
  isDisabled?: boolean;
  disabilityDetail?: string;
  isRelocated?: boolean;
  laborCapacity?: string;
  skills?: string[];
  certificates?: string[];
  trainingWillingness?: string | null;
  jobIntention?: string | null;
  intendedOccupationCode?: string | null;
  intendedWorkArea?: string | null;
  intendedMonthlyWage?: number | null;
  serviceNeeds?: string[];
  lastContactOn?: Dayjs | null;
  spells: SpellValues[];
}

const SPELL_FLAGS = [
  { value: 'isOrganizedTransport', label: '点对点输送' },
  { value: 'hasTransportSubsidy', label: '享受交通补贴' },
  { value: 'hasContract', label: '签订劳动合同' },
  { value: 'hasSocialInsurance', label: '参加社会保险' },
] as const;

/** Server field names whose form field has another name. */
const FIELD_ALIASES: Record<string, string> = { homeRegionCode: 'regionCode' };
const SPELL_FIELD_ALIASES: Record<string, string> = {
  monthlyIncomeFen: 'monthlyIncome',
  isOrganizedTransport: 'flags',
  hasTransportSubsidy: 'flags',
  hasContract: 'flags',
  hasSocialInsurance: 'flags',
};

const month = (value: string | null | undefined) => (value ? dayjs(`${value.slice(0, 7)}-01`) : null);

function valuesOf(laborer: LaborerDetailDto): FormValues {
  const { basic, intention, employment, family } = laborer;
  return {
    regionCode: laborer.regionCode,
    householdId: family.household?.id ?? null,
    name: basic.name,
    ethnicity: basic.ethnicity,
    relationToHead: family.relationToHead,
    education: basic.education,
    health: basic.health,
    isDisabled: basic.isDisabled,
    isRelocated: basic.isRelocated,
    laborCapacity: basic.laborCapacity,
    skills: basic.skills,
    certificates: basic.certificates,
    trainingWillingness: intention.trainingWillingness,
    jobIntention: intention.jobIntention,
    intendedOccupationCode: intention.intendedOccupationCode,
    intendedWorkArea: intention.intendedWorkArea,
    intendedMonthlyWage: intention.intendedMonthlyWage,
    serviceNeeds: intention.serviceNeeds,
    lastContactOn: employment.lastContactOn ? dayjs(employment.lastContactOn) : null,
    spells: employment.spells.map((spell) => ({
      startMonth: month(spell.startMonth),
      endMonth: month(spell.endMonth),
      employmentForm: spell.employmentForm,
      workArea: spell.workArea,
      workRegionCode: spell.workRegionCode,
      employerName: spell.employerName,
      industry: spell.industry,
      channel: spell.channel,
      monthlyIncome: spell.monthlyIncomeFen === null ? null : spell.monthlyIncomeFen / 100,
      flags: SPELL_FLAGS.map((flag) => flag.value).filter((flag) => spell[flag]),
    })),
  };
}

const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

function spellsOf(values: FormValues): LaborerCreateInput['spells'] {
  return (values.spells ?? []).map((spell) => ({
    startMonth: spell.startMonth ? spell.startMonth.format('YYYY-MM') : '',
    endMonth: spell.endMonth ? spell.endMonth.format('YYYY-MM') : null,
    employmentForm: spell.employmentForm || null,
    workArea: spell.workArea || null,
    workRegionCode: blankToNull(spell.workRegionCode),
    employerName: blankToNull(spell.employerName),
    industry: blankToNull(spell.industry),
    channel: spell.channel || null,
    monthlyIncomeFen:
      spell.monthlyIncome === null || spell.monthlyIncome === undefined
        ? null
        : Math.round(spell.monthlyIncome * 100),
    isOrganizedTransport: spell.flags?.includes('isOrganizedTransport') ?? false,
    hasTransportSubsidy: spell.flags?.includes('hasTransportSubsidy') ?? false,
    hasContract: spell.flags?.includes('hasContract') ?? false,
    hasSocialInsurance: spell.flags?.includes('hasSocialInsurance') ?? false,
  }));
}

/** The body of POST /api/laborers or PATCH /api/laborers/:id; sensitive fields left blank on edit are not sent. */
function bodyOf(
  values: FormValues,
  isEdit: boolean,
): Omit<LaborerCreateInput, 'idNumber'> & { idNumber?: string } {
  const sensitive = (value: string | undefined) =>
    isEdit ? (value?.trim() ? value.trim() : undefined) : blankToNull(value);
  return {
    regionCode: values.regionCode ?? '',
    householdId: values.householdId ?? null,
    name: values.name.trim(),
    ...(values.idNumber?.trim() ? { idNumber: values.idNumber.trim() } : {}),
    ethnicity: values.ethnicity || null,
    relationToHead: values.relationToHead || null,
    phone: sensitive(values.phone),
    bankAccount: sensitive(values.bankAccount),
    education: values.education || null,
    health: values.health || null,
    isDisabled: values.isDisabled ?? false,
    disabilityDetail: values.isDisabled ? sensitive(values.disabilityDetail) : null,
    isRelocated: values.isRelocated ?? false,
    laborCapacity: values.laborCapacity ?? '',
    skills: values.skills ?? [],
    certificates: (values.certificates ?? []).map((text) => text.trim()).filter(Boolean),
    trainingWillingness: values.trainingWillingness || null,
    jobIntention: values.jobIntention || null,
    intendedOccupationCode: values.intendedOccupationCode || null,
    intendedWorkArea: values.intendedWorkArea || null,
    intendedMonthlyWage: values.intendedMonthlyWage ?? null,
    serviceNeeds: values.serviceNeeds ?? [],
    lastContactOn: values.lastContactOn ? values.lastContactOn.format('YYYY-MM-DD') : null,
    spells: spellsOf(values),
  };
}

/** Where an ID number is already registered (the details of 409 ID_NUMBER_EXISTS). */
interface IdNumberHolder {
  idNumber: string;
  message: string;
  regionName?: string;
  laborerId?: number;
}

/** The sex and birth date an ID number encodes, shown beside the field (the server derives and checks them). */
function IdentityHint({ idNumber }: { idNumber: string | undefined }) {
  const label = useDictionaryLabel();
  if (!idNumber?.trim()) return null;
  const result = validateIdNumber(idNumber, { today: dayjs().format('YYYY-MM-DD') });
  if (!result.ok) return <Typography.Text type="danger">{result.problems[0]?.message}</Typography.Text>;
  return (
    <Typography.Text type="secondary">
      性别：{label('sex', result.value.sex)}，出生日期：{result.value.birthDate}
    </Typography.Text>
  );
}

/**
 * 新增劳动力 / 修改劳动力: every field of the paper form, coded fields from /api/dictionaries. Warnings of the
 * data-quality rules (409 CONFIRMATION_REQUIRED) are listed for confirmation, then the form is sent again with the
 * confirmed codes; an ID number already registered (409 ID_NUMBER_EXISTS) offers 申请转入.
 */
export function LaborerFormDrawer({
  open,
  laborer,
  defaultRegionCode,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The labourer to change; none for a new one. */
  laborer?: LaborerDetailDto;
  defaultRegionCode?: string;
  onClose: () => void;
  onSaved?: (laborer: LaborerDetailDto) => void;
}) {
  const me = useCurrentUser();
  const { message, modal } = App.useApp();
  const { options } = useDictionaryOptions();
  const [form] = Form.useForm<FormValues>();
  const { create, update, requestTransfer } = useLaborerMutations();
  const [holder, setHolder] = useState<IdNumberHolder>();
  const [transferOpen, setTransferOpen] = useState(false);
  const [transferForm] = Form.useForm<{ toRegionCode?: string; reason: string }>();
  const regionCode = Form.useWatch('regionCode', form);
  const idNumber = Form.useWatch('idNumber', form);
  const isDisabled = Form.useWatch('isDisabled', form);
  const isEdit = laborer !== undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setHolder(undefined);
    if (laborer) form.setFieldsValue(valuesOf(laborer));
    else {
      // The region chosen in the tree, when it is a village inside the capture scope.
      const village =
        defaultRegionCode &&
        isRegionCode(defaultRegionCode) &&
        regionLevel(defaultRegionCode) === 5 &&
        isWithinScope(defaultRegionCode, me.captureScope)
          ? defaultRegionCode
          : undefined;
      form.setFieldsValue({ regionCode: village, spells: [], isDisabled: false, isRelocated: false });
    }
  }, [open, laborer, defaultRegionCode, form, me.captureScope]);

  const keep = (...codes: Array<string | null | undefined>) => codes;

  const showServerErrors = (error: unknown) => {
    if (!(error instanceof ApiError)) return errorMessage(error);
    // spells[0].workArea → the field of the first spell; the rest goes through applyServerErrors.
    const spellFields: Array<{ name: ['spells', number, keyof SpellValues]; errors: string[] }> = [];
    const rest: ErrorDetail[] = [];
    for (const detail of error.details) {
      const match = /^spells\[(\d+)\]\.(\w+)$/.exec(detail.field ?? '');
      if (match) {
        const field = (SPELL_FIELD_ALIASES[match[2]!] ?? match[2]!) as keyof SpellValues;
        spellFields.push({ name: ['spells', Number(match[1]), field], errors: [detail.message] });
      } else rest.push(detail);
    }
    if (spellFields.length > 0) form.setFields(spellFields);
    return applyServerErrors(
      form,
      new ApiError(error.status, error.code, error.message, rest),
      FIELD_ALIASES,
    );
  };

  const save = async (values: FormValues, confirmWarnings?: string[]) => {
    const body = { ...bodyOf(values, isEdit), ...(confirmWarnings ? { confirmWarnings } : {}) };
    try {
      const saved = laborer
        ? await update.mutateAsync({ id: laborer.id, ...body })
        : await create.mutateAsync({ ...body, idNumber: body.idNumber ?? '' });
      message.success(laborer ? '劳动力信息已修改' : `已登记劳动力 ${saved.basic.name}`);
      onSaved?.(saved);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONFIRMATION_REQUIRED') {
        const codes = [
          ...(confirmWarnings ?? []),
          ...error.details.map((detail) => String(detail.code ?? '')).filter(Boolean),
        ];
        modal.confirm({
          title: '以下情况需要确认',
          width: 560,
          content: (
            <div>
              <Typography.Paragraph type="secondary">
                数据质量规则提示以下情况。请核对；确认无误后可继续保存，确认记录将写入操作日志。
              </Typography.Paragraph>
              <ul style={{ paddingInlineStart: 20, margin: 0 }}>
                {error.details.map((detail, index) => (
                  <li key={index}>{detail.message}</li>
                ))}
              </ul>
            </div>
          ),
          okText: '确认无误，保存',
          cancelText: '返回修改',
          onOk: () => save(values, codes),
        });
        return;
      }
      if (error instanceof ApiError && error.code === 'ID_NUMBER_EXISTS') {
        const detail = error.details[0];
        setHolder({
          idNumber: values.idNumber?.trim() ?? '',
          message: error.message,
          regionName: typeof detail?.regionName === 'string' ? detail.regionName : undefined,
          laborerId: typeof detail?.laborerId === 'number' ? detail.laborerId : undefined,
        });
      }
      message.error(showServerErrors(error));
    }
  };

  const submitTransfer = async (values: { toRegionCode?: string; reason: string }) => {
    if (!holder) return;
    try {
      await requestTransfer.mutateAsync({
        idNumber: holder.idNumber,
        toRegionCode: values.toRegionCode ?? '',
        reason: values.reason.trim(),
      });
      message.success('已提交转入申请，待原登记地区处理后即转入本地');
      setTransferOpen(false);
      onClose();
    } catch (error) {
      message.error(applyServerErrors(transferForm, error));
    }
  };

  const col = (span = 8) => ({ xs: 24, md: span });

  return (
    <Drawer
      title={isEdit ? `修改劳动力：${laborer.basic.name}` : '新增劳动力'}
      open={open}
      onClose={onClose}
      size={1000}
      destroyOnHidden={false}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        name="laborer"
        form={form}
        layout="vertical"
        onFinish={(values) => save(values)}
        onValuesChange={(changed: Partial<FormValues>) => {
          // A household belongs to one village: another 户籍地 drops the choice.
          if ('regionCode' in changed) form.setFieldValue('householdId', null);
        }}
        aria-label={isEdit ? '修改劳动力' : '新增劳动力'}
        scrollToFirstError
      >
        <Divider titlePlacement="start">基本信息</Divider>
        <Row gutter={16}>
          <Col {...col(12)}>
            <Form.Item
              label="户籍地（村）"
              name="regionCode"
              rules={[{ required: true, message: '请选择户籍地（到村）' }]}
              extra="须在您的录入范围内，选到村（居）。"
            >
              <RegionPicker scope={me.captureScope} levels={[5]} placeholder="请选择村（居）" />
            </Form.Item>
          </Col>
          <Col {...col(12)}>
            <Form.Item label="所属户" name="householdId" extra="该村已登记的户；可不选，稍后在户台账中关联。">
              <HouseholdSelect regionCode={regionCode?.length === 12 ? regionCode : undefined} />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item
              label="姓名"
              name="name"
              rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 50 }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item
              label="证件号码"
              name="idNumber"
              rules={isEdit ? [] : [{ required: true, whitespace: true, message: '请输入证件号码' }]}
              extra={
                isEdit && !idNumber ? (
                  `当前：${laborer.basic.idNumberMasked}；不修改请留空`
                ) : (
                  <IdentityHint idNumber={idNumber} />
                )
              }
            >
              <Input
                autoComplete="off"
                maxLength={30}
                placeholder={isEdit ? '不修改请留空' : '18位居民身份证号码'}
                onChange={() => setHolder(undefined)}
              />
            </Form.Item>
          </Col>
          {holder && (
            <Col span={24}>
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                title={holder.message}
                description={
                  holder.regionName
                    ? `登记地：${holder.regionName}。同一证件号码只能登记一次；如此人已迁入本地，可申请转入。`
                    : '同一证件号码只能登记一次；如此人已迁入本地，可向原登记地区申请转入。'
                }
                action={
                  <Space orientation="vertical">
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => {
                        transferForm.setFieldsValue({ toRegionCode: regionCode, reason: '' });
                        setTransferOpen(true);
                      }}
                    >
                      申请转入
                    </Button>
                    {holder.laborerId !== undefined && (
                      <Button size="small" href={`/registry/laborers/${holder.laborerId}`} target="_blank">
                        查看登记信息
                      </Button>
                    )}
                  </Space>
                }
              />
            </Col>
          )}
          <Col {...col()}>
            <Form.Item label="民族" name="ethnicity">
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="请选择"
                options={options('ethnicity', keep(laborer?.basic.ethnicity))}
              />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item label="与户主关系" name="relationToHead">
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="请选择"
                options={options('relationship', keep(laborer?.family.relationToHead))}
              />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item
              label="联系电话"
              name="phone"
              rules={[{ max: 30 }]}
              extra={
                isEdit && laborer.basic.phoneMasked
                  ? `当前：${laborer.basic.phoneMasked}；不修改请留空`
                  : undefined
              }
            >
              <Input autoComplete="off" placeholder={isEdit ? '不修改请留空' : '手机或固定电话'} />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item
              label="银行账号"
              name="bankAccount"
              rules={[{ max: 40 }]}
              extra={
                isEdit && laborer.basic.bankAccountMasked
                  ? `当前：${laborer.basic.bankAccountMasked}；不修改请留空`
                  : '发放补贴用的社保卡或银行卡账号'
              }
            >
              <Input autoComplete="off" placeholder={isEdit ? '不修改请留空' : undefined} />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item label="文化程度" name="education">
              <Select
                allowClear
                placeholder="请选择"
                options={options('education', keep(laborer?.basic.education))}
              />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item label="健康状况" name="health">
              <Select
                allowClear
                placeholder="请选择"
                options={options('health', keep(laborer?.basic.health))}
              />
            </Form.Item>
          </Col>
          <Col {...col(4)}>
            <Form.Item label="是否残疾" name="isDisabled" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
          <Col {...col(4)}>
            <Form.Item label="易地搬迁" name="isRelocated" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
          {isDisabled && (
            <Col {...col(24)}>
              <Form.Item
                label="残疾情况"
                name="disabilityDetail"
                rules={[{ max: 200 }]}
                extra={
                  isEdit && laborer.basic.hasDisabilityDetail
                    ? '已登记（加密保存，不显示）；不修改请留空'
                    : '残疾类别、等级等，加密保存'
                }
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          )}
        </Row>

        <Divider titlePlacement="start">劳动技能与就业意愿</Divider>
        <Row gutter={16}>
          <Col {...col()}>
            <Form.Item
              label="劳动技能"
              name="laborCapacity"
              rules={[{ required: true, message: '请选择劳动技能' }]}
            >
              <Select
                placeholder="请选择"
                options={options('labor_capacity', keep(laborer?.basic.laborCapacity))}
              />
            </Form.Item>
          </Col>
          <Col {...col(16)}>
            <Form.Item label="技能/职业" name="skills" extra="国家职业分类大典（2022）中的职业，可多选">
              <OccupationMultiSelect />
            </Form.Item>
          </Col>
          <Col {...col(24)}>
            <Form.Item label="证书" name="certificates" extra="输入证书名称后按回车，可填多个">
              <Select
                mode="tags"
                open={false}
                placeholder="如：中式烹调师（四级）"
                tokenSeparators={['，', ',']}
              />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item label="培训意愿" name="trainingWillingness">
              <Select
                allowClear
                placeholder="请选择"
                options={options('training_willingness', keep(laborer?.intention.trainingWillingness))}
              />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item label="就业意愿" name="jobIntention">
              <Select
                allowClear
                placeholder="请选择"
                options={options('job_intention', keep(laborer?.intention.jobIntention))}
              />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item label="意向地域" name="intendedWorkArea">
              <Select
                allowClear
                placeholder="请选择"
                options={options('work_area', keep(laborer?.intention.intendedWorkArea))}
              />
            </Form.Item>
          </Col>
          <Col {...col(16)}>
            <Form.Item label="意向职业" name="intendedOccupationCode">
              <OccupationSelect onlyOccupations />
            </Form.Item>
          </Col>
          <Col {...col()}>
            <Form.Item label="意向月薪（元）" name="intendedMonthlyWage">
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col {...col(24)}>
            <Form.Item label="就业服务需求" name="serviceNeeds">
              <Select
                mode="multiple"
                allowClear
                placeholder="可多选"
                options={options('service_need', laborer?.intention.serviceNeeds ?? [])}
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">就业情况</Divider>
        <Row gutter={16}>
          <Col {...col()}>
            <Form.Item label="最近联系日期" name="lastContactOn">
              <DatePicker style={{ width: '100%' }} disabledDate={(date) => date.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col {...col(16)}>
            <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
              就业状态由务工经历自动判断：有覆盖当月的务工经历即为已就业。
            </Typography.Paragraph>
          </Col>
        </Row>
        <Form.List name="spells">
          {(fields, { add, remove }, { errors }) => (
            <Space orientation="vertical" style={{ width: '100%' }} size={12}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={`务工经历 ${index + 1}`}
                  extra={
                    <Button
                      type="text"
                      danger
                      size="small"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                    >
                      删除
                    </Button>
                  }
                >
                  <Row gutter={16}>
                    <Col {...col(6)}>
                      <Form.Item
                        label="开始年月"
                        name={[field.name, 'startMonth']}
                        rules={[{ required: true, message: '请选择开始年月' }]}
                      >
                        <DatePicker picker="month" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col {...col(6)}>
                      <Form.Item label="结束年月" name={[field.name, 'endMonth']} extra="仍在务工请留空">
                        <DatePicker picker="month" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col {...col(6)}>
                      <Form.Item
                        label="就业形式"
                        name={[field.name, 'employmentForm']}
                        rules={[{ required: true, message: '请选择就业形式' }]}
                      >
                        <Select placeholder="请选择" options={options('employment_form')} />
                      </Form.Item>
                    </Col>
                    <Col {...col(6)}>
                      <Form.Item label="就业渠道" name={[field.name, 'channel']}>
                        <Select allowClear placeholder="请选择" options={options('employment_channel')} />
                      </Form.Item>
                    </Col>
                    <Col {...col(12)}>
                      <Form.Item
                        label="务工所在地"
                        required
                        extra="至少到县；本辖区外的地点请直接输入12位区划代码"
                      >
                        <Space.Compact style={{ width: '100%' }}>
                          <Form.Item
                            name={[field.name, 'workRegionCode']}
                            noStyle
                            rules={[
                              { required: true, message: '请选择或输入务工所在地' },
                              { pattern: /^\d{12}$/, message: '区划代码应为12位数字' },
                            ]}
                          >
                            <Input placeholder="12位区划代码" style={{ width: '45%' }} maxLength={12} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'workRegionCode']} noStyle>
                            <RegionPicker
                              levels={[3, 4, 5]}
                              placeholder="或在本辖区内选择"
                              style={{ width: '55%' }}
                              aria-label={`务工所在地 ${index + 1}`}
                            />
                          </Form.Item>
                        </Space.Compact>
                      </Form.Item>
                    </Col>
                    <Col {...col(6)}>
                      <Form.Item
                        label="务工地域"
                        name={[field.name, 'workArea']}
                        extra="可由务工所在地自动判断"
                      >
                        <Select allowClear placeholder="自动判断" options={options('work_area')} />
                      </Form.Item>
                    </Col>
                    <Col {...col(6)}>
                      <Form.Item
                        label="月收入（元）"
                        name={[field.name, 'monthlyIncome']}
                        extra="100–30000元以外需确认"
                      >
                        <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col {...col(12)}>
                      <Form.Item
                        label="就业单位名称"
                        name={[field.name, 'employerName']}
                        rules={[{ max: 100 }]}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col {...col(6)}>
                      <Form.Item
                        label="所属行业"
                        name={[field.name, 'industry']}
                        rules={[{ max: 20 }]}
                        extra="GB/T 4754 代码"
                      >
                        <Input placeholder="如 E47" />
                      </Form.Item>
                    </Col>
                    <Col {...col(24)}>
                      <Form.Item name={[field.name, 'flags']} style={{ marginBottom: 0 }}>
                        <Checkbox.Group options={SPELL_FLAGS.map((flag) => ({ ...flag }))} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ flags: [] })}>
                添加务工经历
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
      <Modal
        title="申请转入"
        open={transferOpen}
        okText="提交申请"
        confirmLoading={requestTransfer.isPending}
        onCancel={() => setTransferOpen(false)}
        onOk={() => transferForm.submit()}
        forceRender
      >
        <Typography.Paragraph type="secondary">
          {holder?.regionName ? `该证件号码已在${holder.regionName}登记。` : '该证件号码已在其他地区登记。'}
          提交后由原登记地区审核，同意后此人的户籍地改为下面选择的村。
        </Typography.Paragraph>
        <Form name="transferRequest" form={transferForm} layout="vertical" onFinish={submitTransfer}>
          <Form.Item
            label="转入到（村）"
            name="toRegionCode"
            rules={[{ required: true, message: '请选择转入的村（居）' }]}
          >
            <RegionPicker scope={me.captureScope} levels={[5]} />
          </Form.Item>
          <Form.Item
            label="转移原因"
            name="reason"
            rules={[
              { required: true, whitespace: true, message: '请填写转移原因' },
              { min: 2, message: '请填写转移原因' },
              { max: 500 },
            ]}
          >
            <Input.TextArea rows={3} placeholder="如：已随子女迁入本村居住，户籍已迁移" />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
