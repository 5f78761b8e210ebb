import { useEffect } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import type { Role } from '@jiuye/domain/auth/roles.ts';
import { applyServerErrors } from '../../shared/form/server-errors.ts';
import { useCan, useCurrentUser } from '../../app/session.tsx';
import { OrganizationSelect } from '../organizations/organization-select.tsx';
import { AccessFields } from './access-fields.tsx';
import { useGrantableRoles, useUserMutations, type User, type UserWithPassword } from './user.api.ts';

interface FormValues {
  username: string;
  displayName: string;
  roles: Role[];
  viewScope: string[];
  captureScope: string[];
  organizationId: number | null;
  phone?: string;
}

/**
 * 新增用户 / 修改用户. 三员分立 (GB/T 22239-2019 8.1.4.2): the system administrator edits the profile only (用户名,
 * 姓名, 所属机构, 手机号码), and a new account waits for the security administrator's 授权; managing staff (who
 * hold user:grant) set roles and scopes too, and a new account's one-time password is shown once. Nobody types a
 * password here.
 */
export function UserFormModal({
  open,
  user,
  defaultRegionCode,
  onClose,
  onPasswordIssued,
}: {
  open: boolean;
  user?: User;
  defaultRegionCode?: string;
  onClose: () => void;
  onPasswordIssued: (user: UserWithPassword) => void;
}) {
  const me = useCurrentUser();
  const can = useCan();
  const grants = can('user:grant');
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { create, update } = useUserMutations();
  const roles = useGrantableRoles(open && grants);
  const isEdit = user !== undefined;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        displayName: user.displayName,
        roles: user.roles,
        viewScope: user.viewScope,
        captureScope: user.captureScope,
        organizationId: user.organizationId,
        phone: user.phone ?? undefined,
      });
    } else {
      // A region chosen in the tree is the likely scope of the new user; the user's own whole scope is not.
      const scope = defaultRegionCode && !me.viewScope.includes(defaultRegionCode) ? [defaultRegionCode] : [];
      form.setFieldsValue({ roles: [], viewScope: scope, captureScope: scope, organizationId: null });
    }
  }, [open, user, defaultRegionCode, form, me.viewScope]);

  const submit = async (values: FormValues) => {
    const profile = {
      displayName: values.displayName.trim(),
      organizationId: values.organizationId ?? null,
      phone: values.phone?.trim() || null,
    };
    const access = grants
      ? { roles: values.roles, viewScope: values.viewScope, captureScope: values.captureScope ?? [] }
      : {};
    try {
      if (user) {
        await update.mutateAsync({ id: user.id, ...profile, ...access });
        message.success('用户已修改');
      } else {
        const created = await create.mutateAsync({ username: values.username.trim(), ...profile, ...access });
        if (created.oneTimePassword) onPasswordIssued(created);
        else message.success(`用户 ${created.username} 已创建，待安全管理员授权后方可登录`);
      }
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error, { scopes: 'viewScope' }));
    }
  };

  return (
    <Modal
      title={isEdit ? `修改用户：${user.username}` : '新增用户'}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="确定"
      confirmLoading={create.isPending || update.isPending}
      forceRender
      width={680}
    >
      {grants && roles.isError && (
        <Alert type="error" showIcon title="无法读取可授予的角色" style={{ marginBottom: 12 }} />
      )}
      {!grants && !isEdit && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="三员分立：角色、管辖范围和密码由安全管理员授权"
          description="新账号创建后为“待授权”状态，不能登录；安全管理员授权时生成一次性密码。"
        />
      )}
      <Form<FormValues>
        name="user"
        form={form}
        layout="horizontal"
        labelCol={{ span: 5 }}
        wrapperCol={{ span: 18 }}
        onFinish={submit}
        aria-label={isEdit ? '修改用户' : '新增用户'}
        style={{ marginTop: 16 }}
      >
        {!isEdit && (
          <Form.Item
            label="用户名"
            name="username"
            rules={[
              { required: true, whitespace: true, message: '请输入用户名' },
              {
                pattern: /^[A-Za-z0-9_.-]{3,32}$/,
                message: '用户名须为 3–32 位字母、数字、下划线、点或连字符',
              },
            ]}
          >
            <Input autoComplete="off" placeholder="登录用的账号，如 xinfu_zhangsan" />
          </Form.Item>
        )}
        <Form.Item
          label="姓名"
          name="displayName"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 50 }]}
        >
          <Input />
        </Form.Item>
        {grants && (
          <AccessFields
            form={form}
            grantable={roles.data}
            loading={roles.isPending}
            currentRoles={user?.roles}
          />
        )}
        <Form.Item label="所属机构" name="organizationId">
          <OrganizationSelect placeholder="可选，输入名称搜索" />
        </Form.Item>
        <Form.Item label="手机号码" name="phone" rules={[{ max: 30 }]}>
          <Input />
        </Form.Item>
        {grants && !isEdit && (
          <Form.Item label="初始密码">
            <span>由系统生成一次性密码，创建后显示一次。</span>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
