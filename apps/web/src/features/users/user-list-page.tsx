import { useState } from 'react';
import { App, Form, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ROLE_LABELS, ROLES, type Role } from '@jiuye/domain/auth/roles.ts';
import { errorMessage } from '../../shared/api/client.ts';
import {
  ListTable,
  RegionListPage,
  SearchPanel,
  useColumnChooser,
  useListRegion,
  useListState,
} from '../../shared/layout/list-page.tsx';
import { RegionLabel } from '../../shared/region/region-label.tsx';
import { MaskedField } from '../../shared/masked-field.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useCan, useCurrentUser } from '../../app/session.tsx';
import { roleLabel } from '../../app/admin-layout.tsx';
import { UserFormModal } from './user-form-modal.tsx';
import { UserAccessModal } from './user-access-modal.tsx';
import { OneTimePasswordModal } from './one-time-password-modal.tsx';
import { useUserMutations, useUsers, type User, type UserWithPassword } from './user.api.ts';

interface SearchValues {
  username?: string;
  displayName?: string;
  role?: Role;
  isActive?: 'true' | 'false';
}

/** 138****5678: lists never show a phone number in full. */
function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

function ScopeTags({ codes }: { codes: string[] }) {
  if (codes.length === 0) return <span>—</span>;
  return (
    <Space size={[4, 4]} wrap>
      {codes.map((code) => (
        <Tag key={code}>
          <RegionLabel code={code} />
        </Tag>
      ))}
    </Space>
  );
}

/**
 * 用户管理: the accounts of the selected region. Each administrator sees the actions he has (三员分立, GB/T
 * 22239-2019 8.1.4.2): the system administrator 新增/修改/停用 without roles or passwords; the security
 * administrator 授权 and 重置密码 (a one-time password shown once), 解锁 and 强制下线; managing staff create and
 * change their subordinates with roles and get the one-time password shown.
 */
export default function UserListPage() {
  const me = useCurrentUser();
  const can = useCan();
  const canWrite = can('user:write');
  const canGrant = can('user:grant');
  const canUnlock = can('user:unlock');
  const canManageSessions = can('session:manage');
  const { message } = App.useApp();
  const listState = useListState<SearchValues>({});
  const region = useListRegion(listState.toFirstPage);
  const { regionCode } = region;
  const [editing, setEditing] = useState<{ user?: User } | undefined>();
  const [granting, setGranting] = useState<User>();
  const [issued, setIssued] = useState<{ user: UserWithPassword; reason: string }>();
  const [form] = Form.useForm<SearchValues>();
  const { update, unlock, revokeSessions, resetPassword } = useUserMutations();
  const showPassword = (reason: string) => (user: UserWithPassword) => setIssued({ user, reason });

  const list = useUsers({ regionCode, ...listState.search, ...listState.paging }, Boolean(regionCode));

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      message.success(done);
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const columns: ColumnsType<User> = [
    { key: 'username', title: '用户名', dataIndex: 'username', width: 140, ellipsis: true },
    { key: 'displayName', title: '姓名', dataIndex: 'displayName', width: 130, ellipsis: true },
    {
      key: 'roles',
      title: '角色',
      dataIndex: 'roles',
      width: 150,
      render: (roles: string[]) => (
        <Space size={[4, 4]} wrap>
          {roles.map((role) => (
            <Tag key={role} color="blue">
              {roleLabel(role)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'status',
      title: '状态',
      width: 150,
      render: (_, row) => (
        <Space size={[4, 4]} wrap>
          {row.isActive ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>}
          {row.isActive && row.status === 'pending' && <Tag color="gold">待授权</Tag>}
          {row.isLocked && <Tag color="red">已锁定</Tag>}
          {row.hasPassword && row.mustChangePassword && <Tag color="orange">待改密</Tag>}
        </Space>
      ),
    },
    {
      key: 'organization',
      title: '所属机构',
      width: 190,
      ellipsis: true,
      render: (_, row) => row.organizationName ?? (row.organizationId ? `#${row.organizationId}` : '—'),
    },
    {
      key: 'viewScope',
      title: '查看范围',
      dataIndex: 'viewScope',
      width: 170,
      render: (codes: string[]) => <ScopeTags codes={codes} />,
    },
    {
      key: 'captureScope',
      title: '录入范围',
      dataIndex: 'captureScope',
      width: 170,
      render: (codes: string[]) => <ScopeTags codes={codes} />,
    },
    {
      key: 'phone',
      title: '手机号码',
      dataIndex: 'phone',
      width: 130,
      render: (phone: string | null) => <MaskedField masked={maskPhone(phone)} />,
    },
    { key: 'createdAt', title: '创建时间', dataIndex: 'createdAt', width: 160, render: formatDateTime },
    ...(canWrite || canGrant || canUnlock || canManageSessions
      ? [
          {
            key: 'actions',
            title: '操作',
            width: 240,
            fixed: 'right' as const,
            render: (_: unknown, row: User) => {
              const isSelf = row.id === me.id;
              // The built-in system administrator is changed only by itself (the server refuses the others).
              const isBuiltInAdmin = row.username === 'admin';
              const mayGrant = canGrant && !isSelf && !isBuiltInAdmin;
              return (
                <Space size={8} wrap>
                  {canWrite && (
                    <Typography.Link onClick={() => setEditing({ user: row })}>修改</Typography.Link>
                  )}
                  {/* Staff change roles in 修改; the security administrator, who edits no profile, in 授权. */}
                  {mayGrant && !canWrite && (
                    <Typography.Link onClick={() => setGranting(row)}>授权</Typography.Link>
                  )}
                  {mayGrant && row.roles.length > 0 && (
                    <Popconfirm
                      title={`重置“${row.username}”的密码？`}
                      description="系统生成一次性密码（只显示一次），该用户的全部会话立即失效。"
                      okText="重置"
                      cancelText="取消"
                      onConfirm={async () => {
                        try {
                          showPassword('已重置密码')(await resetPassword.mutateAsync(row.id));
                        } catch (error) {
                          message.error(errorMessage(error));
                        }
                      }}
                    >
                      <Typography.Link>重置密码</Typography.Link>
                    </Popconfirm>
                  )}
                  {canUnlock && row.isLocked && (
                    <Popconfirm
                      title={`解锁“${row.username}”？`}
                      okText="解锁"
                      cancelText="取消"
                      onConfirm={() => run(() => unlock.mutateAsync(row.id), `已解锁 ${row.username}`)}
                    >
                      <Typography.Link>解锁</Typography.Link>
                    </Popconfirm>
                  )}
                  {canManageSessions && !isSelf && (
                    <Popconfirm
                      title={`强制“${row.username}”下线？`}
                      description="将结束该用户的全部会话，须重新登录。"
                      okText="强制下线"
                      cancelText="取消"
                      onConfirm={() =>
                        run(() => revokeSessions.mutateAsync(row.id), `已结束 ${row.username} 的全部会话`)
                      }
                    >
                      <Typography.Link>强制下线</Typography.Link>
                    </Popconfirm>
                  )}
                  {canWrite && !isSelf && (
                    <Popconfirm
                      title={row.isActive ? `停用“${row.username}”？` : `启用“${row.username}”？`}
                      description={row.isActive ? '停用后该用户不能登录，已登录的会话立即失效。' : undefined}
                      okText={row.isActive ? '停用' : '启用'}
                      cancelText="取消"
                      onConfirm={() =>
                        run(
                          () => update.mutateAsync({ id: row.id, isActive: !row.isActive }),
                          row.isActive ? `已停用 ${row.username}` : `已启用 ${row.username}`,
                        )
                      }
                    >
                      <Typography.Link type={row.isActive ? 'danger' : undefined}>
                        {row.isActive ? '停用' : '启用'}
                      </Typography.Link>
                    </Popconfirm>
                  )}
                </Space>
              );
            },
          },
        ]
      : []),
  ];
  const columnChooser = useColumnChooser('users', columns, ['captureScope']);

  return (
    <RegionListPage region={region}>
      <SearchPanel<SearchValues>
        name="userSearch"
        form={form}
        state={listState}
        onSearch={(values) =>
          listState.setSearch({
            ...values,
            username: values.username?.trim() || undefined,
            displayName: values.displayName?.trim() || undefined,
          })
        }
      >
        <Form.Item label="用户名" name="username">
          <Input placeholder="请输入用户名" allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="姓名" name="displayName">
          <Input placeholder="请输入姓名" allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="角色" name="role">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 150 }}
            options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          />
        </Form.Item>
        <Form.Item label="状态" name="isActive">
          <Select
            placeholder="全部"
            allowClear
            style={{ width: 100 }}
            options={[
              { value: 'true', label: '启用' },
              { value: 'false', label: '停用' },
            ]}
          />
        </Form.Item>
      </SearchPanel>
      <ListTable<User>
        onCreate={canWrite ? () => setEditing({}) : undefined}
        regionCode={regionCode}
        query={list}
        columnChooser={columnChooser}
        rowKey="id"
        state={listState}
        emptyText="暂无用户"
      />
      <UserFormModal
        open={editing !== undefined}
        user={editing?.user}
        defaultRegionCode={regionCode}
        onClose={() => setEditing(undefined)}
        onPasswordIssued={showPassword('已创建用户')}
      />
      <UserAccessModal
        user={granting}
        onClose={() => setGranting(undefined)}
        onPasswordIssued={showPassword('已授权')}
      />
      <OneTimePasswordModal issued={issued} onClose={() => setIssued(undefined)} />
    </RegionListPage>
  );
}
