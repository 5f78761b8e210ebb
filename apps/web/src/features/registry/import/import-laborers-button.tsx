import { useState } from 'react';
import { Button } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useCan } from '../../../app/session.tsx';
import { ImportLaborersDialog } from './import-laborers-dialog.tsx';

/** 导入 on the labourer list's toolbar: opens the import dialog; only for users who may write the registry. */
export function ImportLaborersButton({ onImported }: { onImported?: () => void }) {
  const can = useCan();
  const [open, setOpen] = useState(false);
  if (!can('registry:write')) return null;
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        导入
      </Button>
      {open && <ImportLaborersDialog open onClose={() => setOpen(false)} onImported={onImported} />}
    </>
  );
}
