import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type { LaborerDetailDto } from '@jiuye/contracts';
import { isRegionCode, isWithinScope, regionLevel } from '@jiuye/domain/region/region-code.ts';
import { ApiError } from '../../../shared/api/client.ts';
import { RegionPicker } from '../../../shared/region/region-picker.tsx';
import { useCurrentUser } from '../../../app/session.tsx';
import { useLaborerMutations } from '../shared/registry.api.ts';
import { useDictionaryOptions } from '../shared/dictionary.ts';
import { OccupationMultiSelect, OccupationSelect } from '../shared/occupation-select.tsx';
import { HouseholdSelect } from '../shared/household-select.tsx';
import { bodyOf, showServerErrors, valuesOf, type LaborerFormValues } from './laborer-form-values.ts';
import {
  IdentityHint,
  IdNumberHolderAlert,
  idNumberHolderOf,
  TransferInModal,
  type IdNumberHolder,
} from './laborer-id-number.tsx';
import { EmploymentSpellList } from './laborer-spell-fields.tsx';

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
  const [form] = Form.useForm<LaborerFormValues>();
  const { create, update } = useLaborerMutations();
  const [holder, setHolder] = useState<IdNumberHolder>();
  const [transferOpen, setTransferOpen] = useState(false);
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

  const save = async (values: LaborerFormValues, confirmWarnings?: string[]) => {
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
      const registered = idNumberHolderOf(error, values.idNumber);
      if (registered) setHolder(registered);
      message.error(showServerErrors(form, error));
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
      <Form<LaborerFormValues>
        name="laborer"
        form={form}
        layout="vertical"
        onFinish={(values) => save(values)}
        onValuesChange={(changed: Partial<LaborerFormValues>) => {
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
          {holder && <IdNumberHolderAlert holder={holder} onRequestTransfer={() => setTransferOpen(true)} />}
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
        <EmploymentSpellList />
      </Form>
      <TransferInModal
        holder={holder}
        open={transferOpen}
        toRegionCode={regionCode}
        onCancel={() => setTransferOpen(false)}
        onRequested={() => {
          setTransferOpen(false);
          onClose();
        }}
      />
    </Drawer>
  );
}
