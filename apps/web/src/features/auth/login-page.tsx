import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import type { SessionInfo } from '@jiuye/contracts';
import { api, ApiError, errorMessage } from '../../shared/api/client.ts';
import { useSession, useStoreSession } from '../../app/session.tsx';

interface LoginValues {
  username: string;
  password: string;
}

/** 登录: the server's message is shown as it is (用户名或密码错误, 账号已锁定 …). */
export default function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const { data: session } = useSession();
  const storeSession = useStoreSession();
  const [error, setError] = useState<{ message: string; locked: boolean }>();
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const login = useMutation({
    mutationFn: (values: LoginValues) => api.post<SessionInfo>('/auth/login', values),
    onSuccess: (info) => {
      storeSession(info);
      void navigate(info.mustChangePassword ? '/change-password' : from, { replace: true });
    },
    onError: (failure) =>
      setError({
        message: errorMessage(failure),
        locked: failure instanceof ApiError && failure.code === 'ACCOUNT_LOCKED',
      }),
  });

  if (session && !login.isPending) {
    return <Navigate to={session.mustChangePassword ? '/change-password' : from} replace />;
  }

  return (
    <main className="auth-page">
      <Card className="auth-card">
        <div className="auth-title">
          <Typography.Title level={3} style={{ marginBottom: 4 }}>
            就业帮扶信息平台
          </Typography.Title>
          <Typography.Text type="secondary">脱贫劳动力实名制管理与就业服务</Typography.Text>
        </div>
        {error && (
          <Alert
            type={error.locked ? 'warning' : 'error'}
            showIcon
            title={error.message}
            description={error.locked ? '如需立即解锁，请联系本级安全管理员或上级管理员。' : undefined}
            style={{ marginBottom: 16 }}
            role="alert"
          />
        )}
        <Form<LoginValues>
          name="login"
          layout="vertical"
          size="large"
          aria-label="登录"
          onFinish={(values) => {
            setError(undefined);
            login.mutate(values);
          }}
          requiredMark={false}
        >
          <Form.Item
            label="用户名"
            name="username"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" placeholder="请输入用户名" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              placeholder="请输入密码"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            登录
          </Button>
        </Form>
        <div className="auth-footer">
          同一地址连续 5 次密码错误将锁定该账号 30 分钟。忘记密码请联系安全管理员重置。
        </div>
      </Card>
    </main>
  );
}
