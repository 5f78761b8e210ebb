import { useEffect } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { checkRoleSet, type Role } from '@jiuye/domain/auth/roles.ts';
import { REGION_LEVEL_NAMES, type RegionLevel } from '@jiuye/domain/region/region-code.ts';
import { checkPasswordStrength, PASSWORD_PROBLEM_MESSAGES } from '@jiuye/domain/auth/password-policy.ts';
import { RegionPicker } from '../../shared/region/region-picker.tsx';
import { applyServerErrors } from '../../shared/form/server-errors.ts';
import { InitialPasswordInput } from '../../shared/form/initial-password-input.tsx';
import { useCurrentUser } from '../../app/session.tsx';
import { roleLabel } from '../../app/admin-layout.tsx';
import { OrganizationSelect } from '../organizations/organization-select.tsx';
import { useGrantableRoles, useUserMutations, type GrantableRole, type User } from './user.api.ts';

interface FormValues {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  viewScope: string[];
  captureScope: string[];
  organizationId: number | null;
  phone?: string;
}

const LEVELS = [1, 2, 3, 4, 5];

const levelNames = (levels: number[]) =>
  levels.map((level) => REGION_LEVEL_NAMES[level as RegionLevel]).join('、');

/** The region levels a scope may take for these roles: a township clerk's scope is a township or a village. */
function scopeLevels(
  roles: Role[] | undefined,
  grantable: GrantableRole[] | undefined,
): number[] | undefined {
  const limits = (roles ?? [])
    .map((role) => grantable?.find((g) => g.role === role)?.level)
    .filter((level): level is number => typeof level === 'number');
  if (limits.length === 0) return undefined;
  const highest = Math.max(...limits);
  return LEVELS.filter((level) => level >= highest);
}

/** 新增用户 / 修改用户: roles limited to what the current user may grant, scopes limited to their own. */
export function UserFormModal({
  open,
  user,
  defaultRegionCode,
  onClose,
}: {
  open: boolean;
  user?: User;
  defaultRegionCode?: string;
  onClose: () => void;
}) {
  const me = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { create, update } = useUserMutations();
  const roles = useGrantableRoles(open);
  const chosenRoles = Form.useWatch('roles', form);
  const viewScope = Form.useWatch('viewScope', form);
  const username = Form.useWatch('username', form);
  const isEdit = user !== undefined;
  const levels = scopeLevels(chosenRoles, roles.data);

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

  const roleOptions = (roles.data ?? []).map((role) => ({ value: role.role, label: role.label }));
  // Roles the user already has but the current user may not grant stay visible (and cannot be added back).
  for (const role of user?.roles ?? []) {
    if (!roleOptions.some((option) => option.value === role))
      roleOptions.push({ value: role, label: roleLabel(role) });
  }

  const submit = async (values: FormValues) => {
    try {
      if (user) {
        await update.mutateAsync({
          id: user.id,
          displayName: values.displayName.trim(),
          roles: values.roles,
          viewScope: values.viewScope,
          captureScope: values.captureScope ?? [],
          organizationId: values.organizationId ?? null,
          phone: values.phone?.trim() || null,
        });
        message.success('用户已修改');
      } else {
        await create.mutateAsync({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          password: values.password,
          roles: values.roles,
          viewScope: values.viewScope,
          captureScope: values.captureScope ?? [],
          organizationId: values.organizationId ?? null,
          phone: values.phone?.trim() || null,
        });
        message.success(`用户 ${values.username.trim()} 已创建，请将初始密码告知本人，首次登录须修改`);
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
      {roles.isError && (
        <Alert type="error" showIcon title="无法读取可授予的角色" style={{ marginBottom: 12 }} />
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
        {!isEdit && (
          <Form.Item
            label="初始密码"
            name="password"
            extra="用户首次登录时须修改初始密码。"
            dependencies={['username']}
            rules={[
              { required: true, message: '请输入初始密码' },
              {
                validator: async (_, value: string | undefined) => {
                  if (!value) return;
                  const problems = checkPasswordStrength(value, username ?? '');
                  if (problems.length)
                    throw new Error(problems.map((p) => PASSWORD_PROBLEM_MESSAGES[p]).join('；'));
                },
              },
            ]}
          >
            <InitialPasswordInput />
          </Form.Item>
        )}
        <Form.Item
          label="角色"
          name="roles"
          rules={[
            { required: true, type: 'array', min: 1, message: '请至少选择一个角色' },
            {
              validator: async (_, value: Role[] | undefined) => {
                if (value && checkRoleSet(value) === 'admin_combined') {
                  throw new Error(
                    '系统管理员、安全管理员、审计管理员须单独设置，不能与其他角色兼任（三员分立）',
                  );
                }
              },
            },
          ]}
        >
          <Select mode="multiple" placeholder="请选择角色" loading={roles.isPending} options={roleOptions} />
        </Form.Item>
        <Form.Item
          label="查看范围"
          name="viewScope"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个查看范围' }]}
          extra={`可查看数据的区划，须在您的查看范围之内${levels ? `；所选角色的范围须为${levelNames(levels)}级区划` : ''}。`}
        >
          <RegionPicker multiple scope={me.viewScope} levels={levels} placeholder="请选择区划" />
        </Form.Item>
        <Form.Item label="录入范围" extra="可录入和修改数据的区划，须在查看范围之内。">
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="captureScope" noStyle>
              <RegionPicker
                multiple
                aria-label="录入范围"
                scope={me.captureScope}
                levels={levels}
                placeholder="请选择区划（可不选）"
                style={{ width: '100%' }}
              />
            </Form.Item>
            <Button onClick={() => form.setFieldValue('captureScope', viewScope ?? [])}>同查看范围</Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item label="所属机构" name="organizationId">
          <OrganizationSelect placeholder="可选，输入名称搜索" />
        </Form.Item>
        <Form.Item label="手机号码" name="phone" rules={[{ max: 30 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
