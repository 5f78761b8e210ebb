import { useLayoutEffect } from 'react';
import { Alert, App, Button, Col, Form, Input, Modal, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { validateIdNumber } from '@jiuye/domain/identity/id-number.ts';
import { ApiError } from '../../../shared/api/client.ts';
import { applyServerErrors } from '../../../shared/form/server-errors.ts';
import { RegionPicker } from '../../../shared/region/region-picker.tsx';
import { useCurrentUser } from '../../../app/session.tsx';
import { useLaborerMutations } from '../shared/registry.api.ts';
import { useDictionaryLabel } from '../shared/dictionary.ts';

/**
 * The ID number field's companions in the labourer form: what the number encodes, and, when it is already
 * registered elsewhere (409 ID_NUMBER_EXISTS), where, with 申请转入 to ask the holding region for the person.
 */

/** Where an ID number is already registered (the details of 409 ID_NUMBER_EXISTS). */
export interface IdNumberHolder {
  idNumber: string;
  message: string;
  regionName?: string;
  laborerId?: number;
}

/** The holder an ID_NUMBER_EXISTS answer names, or nothing for any other error. */
export function idNumberHolderOf(error: unknown, idNumber: string | undefined): IdNumberHolder | undefined {
  if (!(error instanceof ApiError) || error.code !== 'ID_NUMBER_EXISTS') return undefined;
  const detail = error.details[0];
  return {
    idNumber: idNumber?.trim() ?? '',
    message: error.message,
    regionName: typeof detail?.regionName === 'string' ? detail.regionName : undefined,
    laborerId: typeof detail?.laborerId === 'number' ? detail.laborerId : undefined,
  };
}

/** The sex and birth date an ID number encodes, shown beside the field (the server derives and checks them). */
export function IdentityHint({ idNumber }: { idNumber: string | undefined }) {
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

/** Where the ID number is registered, with 申请转入 and a link to the registered labourer. */
export function IdNumberHolderAlert({
  holder,
  onRequestTransfer,
}: {
  holder: IdNumberHolder;
  onRequestTransfer: () => void;
}) {
  return (
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
            <Button size="small" type="primary" onClick={onRequestTransfer}>
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
  );
}

interface TransferInValues {
  toRegionCode?: string;
  reason: string;
}

/** 申请转入: asks the region holding the ID number to move the person to a village of the capture scope. */
export function TransferInModal({
  holder,
  open,
  toRegionCode,
  onCancel,
  onRequested,
}: {
  holder: IdNumberHolder | undefined;
  open: boolean;
  /** The village the form was filling in, offered as the destination. */
  toRegionCode: string | undefined;
  onCancel: () => void;
  onRequested: () => void;
}) {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const { requestTransfer } = useLaborerMutations();
  const [transferForm] = Form.useForm<TransferInValues>();

  // Before the opened modal is painted: it never shows the last request's text.
  useLayoutEffect(() => {
    if (open) transferForm.setFieldsValue({ toRegionCode, reason: '' });
  }, [open, toRegionCode, transferForm]);

  const submitTransfer = async (values: TransferInValues) => {
    if (!holder) return;
    try {
      await requestTransfer.mutateAsync({
        idNumber: holder.idNumber,
        toRegionCode: values.toRegionCode ?? '',
        reason: values.reason.trim(),
      });
      message.success('已提交转入申请，待原登记地区处理后即转入本地');
      onRequested();
    } catch (error) {
      message.error(applyServerErrors(transferForm, error));
    }
  };

  return (
    <Modal
      title="申请转入"
      open={open}
      okText="提交申请"
      confirmLoading={requestTransfer.isPending}
      onCancel={onCancel}
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
  );
}
