import { useEffect } from 'react';
import { App, Form, Modal, Typography } from 'antd';
import { applyServerErrors } from '../../shared/form/server-errors.ts';
import { AccessFields, type AccessValues } from './access-fields.tsx';
import { useGrantableRoles, useUserMutations, type User, type UserWithPassword } from './user.api.ts';

/**
 * 授权 (GB/T 22239-2019 8.1.4.2, 安全管理员): roles and scopes of an account. An account without a password yet
 * (待授权) gets its one-time password with the grant, shown once.
 */
export function UserAccessModal({
  user,
  onClose,
  onPasswordIssued,
}: {
  user?: User;
  onClose: () => void;
  onPasswordIssued: (user: UserWithPassword) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AccessValues>();
  const { grant } = useUserMutations();
  const roles = useGrantableRoles(user !== undefined);

  useEffect(() => {
    if (!user) return;
    form.resetFields();
    form.setFieldsValue({ roles: user.roles, viewScope: user.viewScope, captureScope: user.captureScope });
  }, [user, form]);

  return (
    <Modal
      title={user ? `授权：${user.displayName}（${user.username}）` : '授权'}
      open={user !== undefined}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="授权"
      confirmLoading={grant.isPending}
      forceRender
      width={680}
    >
      {user && !user.hasPassword && (
        <Typography.Paragraph type="secondary">
          该账号尚无密码：授权后系统生成一次性密码，只显示一次。
        </Typography.Paragraph>
      )}
      <Form<AccessValues>
        name="userAccess"
        form={form}
        layout="horizontal"
        labelCol={{ span: 5 }}
        wrapperCol={{ span: 18 }}
        aria-label="授权"
        style={{ marginTop: 16 }}
        onFinish={async (values) => {
          if (!user) return;
          try {
            const granted = await grant.mutateAsync({
              id: user.id,
              roles: values.roles,
              viewScope: values.viewScope,
              captureScope: values.captureScope ?? [],
            });
            if (granted.oneTimePassword) onPasswordIssued(granted);
            else message.success(`已修改 ${user.username} 的授权`);
            onClose();
          } catch (error) {
            message.error(applyServerErrors(form, error, { scopes: 'viewScope' }));
          }
        }}
      >
        <AccessFields
          form={form}
          grantable={roles.data}
          loading={roles.isPending}
          currentRoles={user?.roles}
        />
      </Form>
    </Modal>
  );
}
