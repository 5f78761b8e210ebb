import { useEffect } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { regionLevel } from '@jiuye/domain/region/region-code.ts';
import { RegionPicker } from '../../../shared/region/region-picker.tsx';
import { applyServerErrors } from '../../../shared/form/server-errors.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { useTransferMutations, type TransferRequestInput } from './transfer.api.ts';

/** 申请转入: a person already registered elsewhere moves here; their holding region decides. */
export function TransferRequestModal({
  open,
  defaultRegionCode,
  onClose,
}: {
  open: boolean;
  defaultRegionCode?: string;
  onClose: () => void;
}) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<TransferRequestInput>();
  const { request } = useTransferMutations();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (defaultRegionCode && regionLevel(defaultRegionCode) === 5)
      form.setFieldsValue({ toRegionCode: defaultRegionCode });
  }, [open, defaultRegionCode, form]);

  const submit = async (values: TransferRequestInput) => {
    try {
      await request.mutateAsync({
        idNumber: values.idNumber.trim(),
        toRegionCode: values.toRegionCode,
        reason: values.reason.trim(),
      });
      message.success('转移申请已提交，等待现户籍地处理');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  };

  return (
    <Modal
      title="申请转入"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="提交申请"
      confirmLoading={request.isPending}
      forceRender
      width={600}
    >
      <p style={{ marginTop: 12 }}>证件号码已在其他地区登记的劳动力，须由现户籍地同意后转入本地。</p>
      <Form<TransferRequestInput>
        name="transferRequest"
        form={form}
        layout="horizontal"
        labelCol={{ span: 5 }}
        wrapperCol={{ span: 18 }}
        onFinish={submit}
        aria-label="申请转入"
      >
        <Form.Item
          label="证件号码"
          name="idNumber"
          rules={[{ required: true, whitespace: true, message: '请输入证件号码' }, { max: 30 }]}
        >
          <Input placeholder="18位居民身份证号码" autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="转入村"
          name="toRegionCode"
          rules={[{ required: true, message: '请选择转入的村（社区）' }]}
        >
          <RegionPicker scope={user.captureScope} levels={[5]} placeholder="请选择到村（须在录入范围内）" />
        </Form.Item>
        <Form.Item
          label="转移原因"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写转移原因' },
            { min: 2, message: '请填写转移原因（至少2个字）' },
            { max: 500 },
          ]}
        >
          <Input.TextArea rows={3} placeholder="例如：婚嫁迁入、易地扶贫搬迁" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
