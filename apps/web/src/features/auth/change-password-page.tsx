import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionInfo } from '@jiuye/contracts';
import {
  checkPasswordStrength,
  PASSWORD_HISTORY_SIZE,
  PASSWORD_MAX_AGE_DAYS,
  PASSWORD_MIN_LENGTH,
  PASSWORD_PROBLEM_MESSAGES,
  type PasswordProblem,
} from '@jiuye/domain/auth/password-policy.ts';
import { api } from '../../shared/api/client.ts';
import { applyServerErrors } from '../../shared/form/server-errors.ts';
import { clearSession, useCurrentUser, useStoreSession } from '../../app/session.tsx';

interface PasswordValues {
  oldPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const RULES: Array<{ problems: PasswordProblem[]; text: string }> = [
  { problems: ['too_short', 'too_long'], text: `长度至少 ${PASSWORD_MIN_LENGTH} 位` },
  { problems: ['too_few_classes'], text: '包含大写字母、小写字母、数字、特殊字符中的至少 3 类' },
  { problems: ['contains_username'], text: '不能包含用户名' },
];

/** 修改密码: forced at first login and after 90 days, or chosen from the user menu. */
export default function ChangePasswordPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const storeSession = useStoreSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const problems = newPassword ? checkPasswordStrength(newPassword, user.username) : undefined;
  const forced = user.mustChangePassword;

  const change = useMutation({
    mutationFn: ({ oldPassword, newPassword: next }: PasswordValues) =>
      api.post<SessionInfo>('/auth/password', { oldPassword, newPassword: next }),
    onSuccess: (info) => {
      storeSession(info);
      message.success('密码修改成功');
      void navigate('/', { replace: true });
    },
    onError: (error) => {
      message.error(applyServerErrors(form, error));
    },
  });

  const logout = async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      clearSession(queryClient);
      void navigate('/login', { replace: true });
    }
  };

  return (
    <main className="auth-page">
      <Card className="auth-card wide">
        <div className="auth-title">
          <Typography.Title level={3} style={{ marginBottom: 4 }}>
            修改密码
          </Typography.Title>
          <Typography.Text type="secondary">
            {user.displayName}（{user.username}）
          </Typography.Text>
        </div>
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              user.passwordExpired
                ? `密码已超过 ${PASSWORD_MAX_AGE_DAYS} 天未修改`
                : '首次登录，请先修改初始密码'
            }
            description="修改密码后才能使用系统的其他功能。"
          />
        )}
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title="新密码须符合以下要求"
          description={
            <ul className="password-rules" aria-label="密码要求">
              {RULES.map((rule) => {
                const ok = problems !== undefined && !rule.problems.some((p) => problems.includes(p));
                return (
                  <li key={rule.text} className={ok ? 'ok' : undefined}>
                    <Space size={6}>
                      {problems === undefined ? null : ok ? <CheckCircleFilled /> : <CloseCircleOutlined />}
                      {rule.text}
                    </Space>
                  </li>
                );
              })}
              {/* Checked by the server against a common-password dictionary too large for this page. */}
              <li>不能是常见或容易被猜到的密码（如 Password1），提交时检查</li>
              <li>不能与最近 {PASSWORD_HISTORY_SIZE} 次使用过的密码相同</li>
              <li>每 {PASSWORD_MAX_AGE_DAYS} 天须修改一次</li>
            </ul>
          }
        />
        <Form<PasswordValues>
          name="changePassword"
          form={form}
          layout="vertical"
          aria-label="修改密码"
          onFinish={(values) => change.mutate(values)}
          requiredMark={false}
        >
          <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请输入原密码' }]}>
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            rules={[
              { required: true, message: '请输入新密码' },
              {
                validator: async (_, value: string | undefined) => {
                  if (!value) return;
                  const found = checkPasswordStrength(value, user.username);
                  if (found.length > 0)
                    throw new Error(found.map((p) => PASSWORD_PROBLEM_MESSAGES[p]).join('；'));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirmPassword"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: async (_, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword'))
                    throw new Error('两次输入的新密码不一致');
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            {forced ? (
              <Button onClick={() => void logout()}>退出登录</Button>
            ) : (
              <Button onClick={() => navigate(-1)}>返回</Button>
            )}
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              确认修改
            </Button>
          </Space>
        </Form>
      </Card>
    </main>
  );
}
