import { useEffect } from 'react';
import { Form, Input, Select } from 'antd';
import {
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_KIND_LEVELS,
  ORGANIZATION_KINDS,
  type OrganizationKind,
} from '@jiuye/contracts/organizations.ts';
import { REGION_LEVEL_NAMES, regionLevel, type RegionLevel } from '@jiuye/domain/region/region-code.ts';
import { RegionPicker } from '../../shared/region/region-picker.tsx';
import { FormModal } from '../../shared/layout/form-modal.tsx';
import { useCurrentUser } from '../../app/session.tsx';
import { OrganizationSelect } from './organization-select.tsx';
import { useOrganizationMutations, type Organization, type OrganizationInput } from './organization.api.ts';

interface FormValues {
  name: string;
  kind: OrganizationKind;
  regionCode: string;
  parentId: number | null;
  contactPerson?: string;
  contactPhone?: string;
  address?: string;
  serviceArea?: string;
}

const levelNames = (levels: readonly number[]) =>
  levels.map((level) => REGION_LEVEL_NAMES[level as RegionLevel]).join('或');

/** The kind an organisation at this region level usually is. */
function defaultKind(regionCode: string | undefined): OrganizationKind | undefined {
  if (!regionCode) return undefined;
  return (
    {
      2: 'hr_service_park',
      3: 'county_service_center',
      4: 'township_service_station',
      5: 'village_service_specialist',
    } as const
  )[regionLevel(regionCode) as 2 | 3 | 4 | 5];
}

/** 新增机构 / 修改机构. */
export function OrganizationFormModal({
  open,
  organization,
  defaultRegionCode,
  onClose,
}: {
  open: boolean;
  organization?: Organization;
  defaultRegionCode?: string;
  onClose: () => void;
}) {
  const user = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const { create, update } = useOrganizationMutations();
  const kind = Form.useWatch('kind', form);
  const isEdit = organization !== undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (organization) {
      form.setFieldsValue({
        name: organization.name,
        kind: organization.kind,
        regionCode: organization.regionCode,
        parentId: organization.parentId,
        contactPerson: organization.contactPerson ?? undefined,
        contactPhone: organization.contactPhone ?? undefined,
        address: organization.address ?? undefined,
        serviceArea: organization.serviceArea ?? undefined,
      });
    } else {
      form.setFieldsValue({
        regionCode: defaultRegionCode,
        kind: defaultKind(defaultRegionCode),
        parentId: null,
      });
    }
  }, [open, organization, defaultRegionCode, form]);

  const save = async (values: FormValues) => {
    const input: OrganizationInput = {
      name: values.name.trim(),
      kind: values.kind,
      regionCode: values.regionCode,
      parentId: values.parentId ?? null,
      contactPerson: values.contactPerson?.trim() || null,
      contactPhone: values.contactPhone?.trim() || null,
      address: values.address?.trim() || null,
      serviceArea: values.serviceArea?.trim() || null,
    };
    if (organization) await update.mutateAsync({ id: organization.id, ...input });
    else await create.mutateAsync(input);
  };

  const levels = kind ? ORGANIZATION_KIND_LEVELS[kind] : undefined;
  return (
    <FormModal<FormValues>
      title={isEdit ? '修改机构' : '新增机构'}
      open={open}
      onClose={onClose}
      name="organization"
      form={form}
      onSave={save}
      savedMessage={isEdit ? '机构已修改' : '机构已新增'}
      isSaving={create.isPending || update.isPending}
      labelSpan={5}
      wrapperSpan={18}
    >
      <Form.Item
        label="机构名称"
        name="name"
        rules={[{ required: true, whitespace: true, message: '请输入机构名称' }, { max: 100 }]}
      >
        <Input placeholder="例如：忻府区就业帮扶服务中心" />
      </Form.Item>
      <Form.Item label="机构类型" name="kind" rules={[{ required: true, message: '请选择机构类型' }]}>
        <Select
          placeholder="请选择机构类型"
          options={ORGANIZATION_KINDS.map((value) => ({ value, label: ORGANIZATION_KIND_LABELS[value] }))}
        />
      </Form.Item>
      <Form.Item
        label="所在区划"
        name="regionCode"
        dependencies={['kind']}
        rules={[
          { required: true, message: '请选择所在区划' },
          {
            validator: async (_, code: string | undefined) => {
              if (code && levels && !levels.includes(regionLevel(code))) {
                throw new Error(`${ORGANIZATION_KIND_LABELS[kind!]}须设在${levelNames(levels)}级区划`);
              }
            },
          },
        ]}
        extra={
          levels && kind ? `${ORGANIZATION_KIND_LABELS[kind]}设在${levelNames(levels)}级区划` : undefined
        }
      >
        <RegionPicker
          scope={user.captureScope}
          levels={levels}
          placeholder="请选择所在区划（须在录入范围内）"
        />
      </Form.Item>
      <Form.Item label="上级机构" name="parentId">
        <OrganizationSelect excludeId={organization?.id} placeholder="可选，输入名称搜索" />
      </Form.Item>
      {kind === 'labor_service_station' && (
        <Form.Item label="服务地域" name="serviceArea" rules={[{ max: 100 }]}>
          <Input placeholder="例如：北京市" />
        </Form.Item>
      )}
      <Form.Item label="联系人" name="contactPerson" rules={[{ max: 50 }]}>
        <Input />
      </Form.Item>
      <Form.Item label="联系电话" name="contactPhone" rules={[{ max: 30 }]}>
        <Input />
      </Form.Item>
      <Form.Item label="地址" name="address" rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}
