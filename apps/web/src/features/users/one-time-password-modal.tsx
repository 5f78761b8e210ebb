import { Alert, Modal, Typography } from 'antd';
import { formatDateTime } from '../../shared/format.ts';
import type { UserWithPassword } from './user.api.ts';

/**
 * 一次性密码: the password the server generated for an account, shown this once with a copy button. It is never
 * stored in clear nor shown again; the user must change it at first login, before it expires.
 */
export function OneTimePasswordModal({
  issued,
  onClose,
}: {
  issued?: { user: UserWithPassword; reason: string };
  onClose: () => void;
}) {
  const user = issued?.user;
  return (
    <Modal
      title="一次性密码"
      open={user?.oneTimePassword !== undefined}
      onCancel={onClose}
      onOk={onClose}
      okText="我已记下"
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
    >
      {user && (
        <>
          <Typography.Paragraph>
            {issued.reason}：{user.displayName}（{user.username}）
          </Typography.Paragraph>
          <Typography.Paragraph
            copyable={{ text: user.oneTimePassword, tooltips: ['复制', '已复制'] }}
            style={{ fontSize: 20 }}
          >
            <Typography.Text code aria-label="一次性密码">
              {user.oneTimePassword}
            </Typography.Text>
          </Typography.Paragraph>
          <Alert
            type="warning"
            showIcon
            title="只显示这一次"
            description={
              <>
                请通过安全渠道交给本人。首次登录须修改，
                {user.passwordExpiresAt ? `${formatDateTime(user.passwordExpiresAt)} 前有效` : '逾期失效'}
                ；关闭后无法再查看，只能重新生成。
              </>
            }
          />
        </>
      )}
    </Modal>
  );
}
