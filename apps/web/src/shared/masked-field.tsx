import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Tooltip, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { errorMessage } from './api/client.ts';

const SHOW_SECONDS = 30;

/**
 * A sensitive value (证件号码, 手机号, 银行账号 …) as lists show it: masked, e.g. 1409**********123X. With
 * `onReveal`, the user may see it in full after giving a purpose; the server checks the permission and writes the
 * sensitive-read log. The full value disappears again after 30 seconds.
 */
export function MaskedField({
  masked,
  onReveal,
  fieldLabel = '敏感信息',
}: {
  masked: string | null | undefined;
  onReveal?: (purpose: string) => Promise<string>;
  fieldLabel?: string;
}) {
  const { message } = App.useApp();
  const [plain, setPlain] = useState<string>();
  const [asking, setAsking] = useState(false);
  const [loading, setLoading] = useState(false);
  const [form] = Form.useForm<{ purpose: string }>();

  useEffect(() => {
    if (plain === undefined) return;
    const timer = setTimeout(() => setPlain(undefined), SHOW_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [plain]);

  if (!masked) return <span>—</span>;
  return (
    <Space size={4}>
      <Typography.Text code={plain === undefined}>{plain ?? masked}</Typography.Text>
      {onReveal && plain === undefined && (
        <Tooltip title={`查看完整${fieldLabel}（将记录查看日志）`}>
          <Button
            type="text"
            size="small"
            icon={<EyeOutlined />}
            aria-label={`查看完整${fieldLabel}`}
            onClick={() => setAsking(true)}
          />
        </Tooltip>
      )}
      {plain !== undefined && (
        <Button
          type="text"
          size="small"
          icon={<EyeInvisibleOutlined />}
          aria-label="隐藏"
          onClick={() => setPlain(undefined)}
        />
      )}
      <Modal
        title={`查看完整${fieldLabel}`}
        open={asking}
        confirmLoading={loading}
        okText="查看"
        destroyOnHidden
        onCancel={() => setAsking(false)}
        onOk={() => form.submit()}
      >
        <Form
          name="reveal"
          form={form}
          layout="vertical"
          onFinish={async ({ purpose }) => {
            if (!onReveal) return;
            setLoading(true);
            try {
              setPlain(await onReveal(purpose));
              setAsking(false);
            } catch (error) {
              message.error(errorMessage(error));
            } finally {
              setLoading(false);
            }
          }}
        >
          <Form.Item
            name="purpose"
            label="查看目的"
            rules={[{ required: true, whitespace: true, message: '请说明查看目的' }]}
            extra="查看记录将写入敏感信息查看日志，供审计管理员核查。"
          >
            <Input.TextArea rows={2} maxLength={200} placeholder="例如：核实就业补贴申请人身份" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
