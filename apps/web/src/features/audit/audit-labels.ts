/** Chinese names of the operation-log actions; an unknown action shows its code. */
export const ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.logout_all': '退出全部会话',
  'auth.password.change': '修改密码',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.deactivate': '停用用户',
  'user.activate': '启用用户',
  'user.reset_password': '重置密码',
  'user.password.reset': '重置密码',
  'user.grant': '授权',
  'user.unlock': '解锁用户',
  'user.sessions.revoke': '强制下线',
  'user.revoke_sessions': '强制下线',
  'organization.create': '新增机构',
  'organization.update': '修改机构',
  'organization.deactivate': '停用机构',
  'organization.activate': '启用机构',
  'region.import': '导入区划',
  'audit.prune': '清理日志',
};

/** Groups offered in the action filter (the API matches an action or a dotted prefix of it). */
export const ACTION_FILTERS: Array<{ value: string; label: string }> = [
  { value: 'auth', label: '登录与密码（全部）' },
  { value: 'user', label: '用户管理（全部）' },
  { value: 'user.create', label: '新增用户' },
  { value: 'user.update', label: '修改用户' },
  { value: 'user.grant', label: '授权' },
  { value: 'organization', label: '机构管理（全部）' },
  { value: 'region', label: '区划' },
  { value: 'audit', label: '审计' },
];

export const LOGIN_REASON_LABELS: Record<string, string> = {
  ok: '登录成功',
  logout: '退出登录',
  logout_all: '退出全部会话',
  unknown_user: '用户不存在',
  wrong_password: '密码错误',
  wrong_password_locked: '密码错误，账号已锁定',
  locked: '账号已锁定',
  inactive: '账号已停用',
  inactive_locked: '账号已停用，已锁定',
  unknown_user_locked: '用户不存在，已锁定',
  no_password: '账号待授权（无密码）',
  no_password_locked: '账号待授权，已锁定',
  one_time_password_expired: '一次性密码已过期',
  one_time_password_expired_locked: '一次性密码已过期，已锁定',
  wrong_old_password: '原密码错误',
  wrong_old_password_locked: '原密码错误，已锁定',
  rate_limited: '登录过于频繁',
};

export const ERROR_CODE_LABELS: Record<string, string> = {
  FORBIDDEN: '无权限',
  NOT_FOUND: '不存在或超出范围',
  CSRF_FAILED: '请求校验失败',
  SESSION_EXPIRED: '会话过期',
  VALIDATION_FAILED: '参数有误',
  INVALID_REGION: '区划无效',
  ALREADY_EXISTS: '重复',
  CONFLICT: '冲突',
  WEAK_PASSWORD: '密码强度不足',
  PASSWORD_REUSED: '密码重复使用',
  INVALID_CREDENTIALS: '密码错误',
  PASSWORD_CHANGE_REQUIRED: '须先修改密码',
};

export const TARGET_LABELS: Record<string, string> = {
  user: '用户',
  organization: '机构',
  region: '区划',
  laborer: '劳动力',
  /** A revealing export: targetId lists every labourer revealed (comma-separated ids). */
  laborer_export: '劳动力导出',
  household: '户',
};

export function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  // Unnamed actions are logged as "METHOD /route".
  return action;
}
