import { Button, Form, Select, Space, type FormInstance } from 'antd';
import { checkRoleSet, type Role } from '@jiuye/domain/auth/roles.ts';
import { REGION_LEVEL_NAMES, type RegionLevel } from '@jiuye/domain/region/region-code.ts';
import { RegionPicker } from '../../shared/region/region-picker.tsx';
import { useCurrentUser } from '../../app/session.tsx';
import { roleLabel } from '../../app/admin-layout.tsx';
import type { GrantableRole } from './user.api.ts';

export interface AccessValues {
  roles: Role[];
  viewScope: string[];
  captureScope: string[];
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

/**
 * 角色, 查看范围, 录入范围: roles limited to what the current user may grant (GET /api/users/roles), scopes to
 * their own. Used by 授权 (the security administrator) and by staff creating or changing their subordinates.
 */
export function AccessFields<T extends AccessValues>({
  form,
  grantable,
  loading,
  currentRoles = [],
}: {
  form: FormInstance<T>;
  grantable?: GrantableRole[];
  loading: boolean;
  currentRoles?: Role[];
}) {
  const me = useCurrentUser();
  const chosenRoles = Form.useWatch('roles', form) as Role[] | undefined;
  const viewScope = Form.useWatch('viewScope', form) as string[] | undefined;
  const levels = scopeLevels(chosenRoles, grantable);
  const roleOptions = (grantable ?? []).map((role) => ({ value: role.role, label: role.label }));
  // Roles the user already has but the current user may not grant stay visible (and cannot be added back).
  for (const role of currentRoles) {
    if (!roleOptions.some((option) => option.value === role))
      roleOptions.push({ value: role, label: roleLabel(role) });
  }
  return (
    <>
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
        <Select mode="multiple" placeholder="请选择角色" loading={loading} options={roleOptions} />
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
          <Button onClick={() => form.setFieldValue('captureScope' as never, (viewScope ?? []) as never)}>
            同查看范围
          </Button>
        </Space.Compact>
      </Form.Item>
    </>
  );
}
