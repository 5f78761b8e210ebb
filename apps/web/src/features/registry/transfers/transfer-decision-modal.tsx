import { useEffect } from 'react';
import { App, Descriptions, Form, Input, Modal } from 'antd';
import { applyServerErrors } from '../../../shared/form/server-errors.ts';
import { useTransferMutations, type Transfer } from './transfer.api.ts';

export type TransferDecision = 'accept' | 'refuse';

/** 同意 or 拒绝 a transfer of a labourer registered here; refusing needs a reason. */
export function TransferDecisionModal({
  transfer,
  decision,
  onClose,
}: {
  transfer?: Transfer;
  decision: TransferDecision;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const { accept, refuse } = useTransferMutations();
  const isRefusal = decision === 'refuse';

  useEffect(() => {
    if (transfer) form.resetFields();
  }, [transfer, form]);

  const submit = async ({ note }: { note?: string }) => {
    if (!transfer) return;
    const text = note?.trim() || undefined;
    try {
      if (isRefusal) await refuse.mutateAsync({ id: transfer.id, note: text ?? '' });
      else await accept.mutateAsync({ id: transfer.id, note: text });
      message.success(isRefusal ? '已拒绝转移申请' : '已同意转移，户籍地已变更');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  };

  const title = isRefusal ? '拒绝转移申请' : '同意转移申请';
  return (
    <Modal
      title={title}
      open={transfer !== undefined}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={isRefusal ? '拒绝' : '同意'}
      okButtonProps={{ danger: isRefusal }}
      confirmLoading={accept.isPending || refuse.isPending}
      forceRender
      width={560}
    >
      {transfer && (
        <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
          <Descriptions.Item label="劳动力">
            {transfer.laborerName ?? '—'}（{transfer.idNumberMasked}）
          </Descriptions.Item>
          <Descriptions.Item label="现户籍地">
            {transfer.fromRegionName ?? transfer.fromRegionCode ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="申请转入">
            {transfer.toRegionName ?? transfer.toRegionCode}
          </Descriptions.Item>
          <Descriptions.Item label="申请原因">{transfer.reason ?? '—'}</Descriptions.Item>
        </Descriptions>
      )}
      {!isRefusal && <p>同意后，该劳动力的户籍地改为申请地区，并移出原户；此后由对方地区管理。</p>}
      <Form<{ note?: string }>
        name="transferDecision"
        form={form}
        layout="vertical"
        onFinish={submit}
        aria-label={title}
      >
        <Form.Item
          label={isRefusal ? '拒绝原因' : '处理意见'}
          name="note"
          rules={
            isRefusal
              ? [
                  { required: true, whitespace: true, message: '请填写拒绝原因' },
                  { min: 2, message: '请填写拒绝原因（至少2个字）' },
                  { max: 500 },
                ]
              : [{ max: 500 }]
          }
        >
          <Input.TextArea rows={3} placeholder={isRefusal ? '请填写拒绝原因' : '可不填'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
