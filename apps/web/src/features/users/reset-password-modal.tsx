import { useEffect } from 'react';
import { App, Form, Modal, Typography } from 'antd';
import { checkPasswordStrength, PASSWORD_PROBLEM_MESSAGES } from '@jiuye/domain/auth/password-policy.ts';
import { applyServerErrors } from '../../shared/form/server-errors.ts';
import { InitialPasswordInput } from '../../shared/form/initial-password-input.tsx';
import { useUserMutations, type User } from './user.api.ts';

/** 重置密码: sets a new initial password, which the user must change at the next login. */
export function ResetPasswordModal({ user, onClose }: { user?: User; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const { resetPassword } = useUserMutations();

  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);

  return (
    <Modal
      title={user ? `重置密码：${user.displayName}（${user.username}）` : '重置密码'}
      open={user !== undefined}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="重置"
      confirmLoading={resetPassword.isPending}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        重置后该用户的全部会话将失效，须使用新的初始密码登录并立即修改。请通过安全渠道将初始密码告知本人。
      </Typography.Paragraph>
      <Form
        name="resetPassword"
        form={form}
        layout="vertical"
        aria-label="重置密码"
        onFinish={async ({ password }) => {
          if (!user) return;
          try {
            await resetPassword.mutateAsync({ id: user.id, password });
            message.success(`已重置 ${user.username} 的密码`);
            onClose();
          } catch (error) {
            message.error(applyServerErrors(form, error));
          }
        }}
      >
        <Form.Item
          label="新的初始密码"
          name="password"
          rules={[
            { required: true, message: '请输入新的初始密码' },
            {
              validator: async (_, value: string | undefined) => {
                if (!value || !user) return;
                const problems = checkPasswordStrength(value, user.username);
                if (problems.length)
                  throw new Error(problems.map((p) => PASSWORD_PROBLEM_MESSAGES[p]).join('；'));
              },
            },
          ]}
        >
          <InitialPasswordInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}
