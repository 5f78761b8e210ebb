import { useEffect } from 'react';
import { DatePicker, Form, Input, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { regionLevel } from '@jiuye/domain/region/region-code.ts';
import { RegionPicker } from '../../../shared/region/region-picker.tsx';
import { FormModal } from '../../../shared/layout/form-modal.tsx';
import { useCurrentUser } from '../../../app/session.tsx';
import { useDictionaryOptions } from '../shared/dictionary.ts';
import { useHouseholdMutations, type Household, type HouseholdInput } from './household.api.ts';

interface FormValues {
  householdNumber: string;
  regionCode?: string;
  householdType?: string;
  monitoringCategory?: string;
  riskType?: string;
  isRiskEliminated: boolean;
  riskEliminatedOn?: Dayjs;
  headName?: string;
}

/** 新增户 / 修改户: the household's own fields; members are added on the labourer form. */
export function HouseholdFormModal({
  open,
  household,
  defaultRegionCode,
  onClose,
}: {
  open: boolean;
  household?: Household;
  defaultRegionCode?: string;
  onClose: () => void;
}) {
  const user = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const { create, update } = useHouseholdMutations();
  const { options } = useDictionaryOptions();
  const isEliminated = Form.useWatch('isRiskEliminated', form);
  const isEdit = household !== undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (household) {
      form.setFieldsValue({
        householdNumber: household.householdNumber,
        regionCode: household.regionCode,
        householdType: household.householdType,
        monitoringCategory: household.monitoringCategory ?? undefined,
        riskType: household.riskType ?? undefined,
        isRiskEliminated: household.isRiskEliminated,
        riskEliminatedOn: household.riskEliminatedOn ? dayjs(household.riskEliminatedOn) : undefined,
        headName: household.headName ?? undefined,
      });
    } else {
      form.setFieldsValue({
        isRiskEliminated: false,
        // Households sit in a village: only a village chosen in the tree is a useful default.
        regionCode: defaultRegionCode && regionLevel(defaultRegionCode) === 5 ? defaultRegionCode : undefined,
      });
    }
  }, [open, household, defaultRegionCode, form]);

  const save = async (values: FormValues) => {
    const input: HouseholdInput = {
      householdNumber: values.householdNumber.trim(),
      regionCode: values.regionCode!,
      householdType: values.householdType!,
      monitoringCategory: values.monitoringCategory ?? null,
      riskType: values.riskType?.trim() || null,
      isRiskEliminated: values.isRiskEliminated,
      riskEliminatedOn:
        values.isRiskEliminated && values.riskEliminatedOn
          ? values.riskEliminatedOn.format('YYYY-MM-DD')
          : null,
      headName: values.headName?.trim() || null,
    };
    if (household) await update.mutateAsync({ id: household.id, ...input });
    else await create.mutateAsync(input);
  };

  return (
    <FormModal<FormValues>
      title={isEdit ? '修改户' : '新增户'}
      open={open}
      onClose={onClose}
      name="household"
      form={form}
      onSave={save}
      savedMessage={isEdit ? '户信息已修改' : '户已新增'}
      isSaving={create.isPending || update.isPending}
      labelSpan={6}
      wrapperSpan={17}
    >
      <Form.Item
        label="户编号"
        name="householdNumber"
        rules={[{ required: true, whitespace: true, message: '请输入户编号' }, { max: 40 }]}
        extra="县内唯一"
      >
        <Input placeholder="请输入户编号" />
      </Form.Item>
      <Form.Item
        label="所在村"
        name="regionCode"
        rules={[{ required: true, message: '请选择所在村（社区）' }]}
      >
        <RegionPicker scope={user.captureScope} levels={[5]} placeholder="请选择到村（须在录入范围内）" />
      </Form.Item>
      <Form.Item label="户类型" name="householdType" rules={[{ required: true, message: '请选择户类型' }]}>
        <Select placeholder="请选择户类型" options={options('household_type', [household?.householdType])} />
      </Form.Item>
      <Form.Item label="监测对象类别" name="monitoringCategory">
        <Select
          placeholder="非监测对象可不选"
          allowClear
          options={options('monitoring_category', [household?.monitoringCategory])}
        />
      </Form.Item>
      <Form.Item label="风险类型" name="riskType" rules={[{ max: 100 }]}>
        <Input placeholder="例如：因病、因残、因学、因灾" />
      </Form.Item>
      <Form.Item label="风险已消除" name="isRiskEliminated" valuePropName="checked">
        <Switch checkedChildren="是" unCheckedChildren="否" />
      </Form.Item>
      {isEliminated && (
        <Form.Item label="风险消除日期" name="riskEliminatedOn">
          <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
        </Form.Item>
      )}
      <Form.Item label="户主姓名" name="headName" rules={[{ max: 50 }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}
