import { useState } from 'react';
import { Button, Input, Space } from 'antd';
import { generateInitialPassword } from './password.ts';

/** A password box with 随机生成: a generated password is shown in clear so it can be passed on to the user. */
export function InitialPasswordInput({
  value,
  onChange,
  id,
  'aria-label': ariaLabel,
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  'aria-label'?: string;
}) {
  const [visible, setVisible] = useState(false);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input.Password
        id={id}
        aria-label={ariaLabel}
        autoComplete="new-password"
        value={value}
        onChange={(event) => onChange?.(event.target.value)}
        visibilityToggle={{ visible, onVisibleChange: setVisible }}
      />
      <Button
        onClick={() => {
          onChange?.(generateInitialPassword());
          setVisible(true);
        }}
      >
        随机生成
      </Button>
    </Space.Compact>
  );
}
