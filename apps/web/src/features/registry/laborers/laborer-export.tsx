import { useState } from 'react';
import { App, Button, Dropdown, Form, Input, Modal, Space } from 'antd';
import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../shared/api/client.ts';
import { useCan } from '../../../app/session.tsx';
import {
  downloadLaborerExport,
  type LaborerExportFilter,
  type LaborerFilter,
} from '../shared/registry.api.ts';

/** Downloads the export with the list's filters; an error answer shows its message instead of a broken file. */
async function downloadExport(filter: LaborerExportFilter): Promise<void> {
  const { blob, fileName } = await downloadLaborerExport(filter);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * 导出: the xlsx of the list's filters with masked ID numbers, or, for whoever may reveal them, with full ID numbers
 * once a purpose is given (written to the operation and sensitive-read logs).
 */
export function LaborerExportButton({ filter }: { filter: LaborerFilter }) {
  const can = useCan();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const [askingPurpose, setAskingPurpose] = useState(false);
  const [purposeForm] = Form.useForm<{ purpose: string }>();
  const canReveal = can('registry:reveal');

  const runExport = async (exportFilter: LaborerExportFilter) => {
    setExporting(true);
    try {
      await downloadExport(exportFilter);
      return true;
    } catch (error) {
      message.error(errorMessage(error));
      return false;
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <Space.Compact>
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void runExport(filter)}>
          导出
        </Button>
        {canReveal && (
          <Dropdown
            menu={{
              items: [{ key: 'reveal', label: '导出完整证件号码…' }],
              onClick: () => setAskingPurpose(true),
            }}
          >
            <Button icon={<DownOutlined />} aria-label="更多选项" />
          </Dropdown>
        )}
      </Space.Compact>
      <Modal
        title="导出完整证件号码"
        open={askingPurpose}
        okText="导出"
        confirmLoading={exporting}
        destroyOnHidden
        onCancel={() => setAskingPurpose(false)}
        onOk={() => purposeForm.submit()}
      >
        <Form
          name="exportPurpose"
          form={purposeForm}
          layout="vertical"
          preserve={false}
          onFinish={async ({ purpose }) => {
            if (await runExport({ ...filter, reveal: true, purpose: purpose.trim() }))
              setAskingPurpose(false);
          }}
        >
          <Form.Item
            name="purpose"
            label="导出目的"
            rules={[
              { required: true, whitespace: true, message: '请说明导出完整证件号码的目的' },
              { min: 2, message: '请说明用途（至少2个字）' },
              { max: 200 },
            ]}
            extra="导出按当前查询条件进行，记录将写入操作日志和敏感信息查看日志，供审计管理员核查。"
          >
            <Input.TextArea rows={2} placeholder="例如：报送县人社局核对脱贫劳动力务工补贴名单" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
