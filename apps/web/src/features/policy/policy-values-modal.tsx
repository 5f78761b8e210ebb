import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Table, Typography, Upload } from 'antd';
import { FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, errorMessage, type ErrorDetail } from '../../shared/api/client.ts';
import { useCurrentUser } from '../../app/session.tsx';
import { useAddPolicyValues, type PolicyLibrary, type PolicyValuesFileInput } from './policy.api.ts';
import { jurisdictionName } from './policy-format.ts';

/** The jurisdiction an example file uses: the user's own city or province (values are refused outside it). */
function ownJurisdiction(captureScope: string[]): string {
  const code = captureScope[0] ?? '140000000000';
  return /^\d{2}0{10}$/u.test(code) ? code.slice(0, 2) : code.slice(0, 4);
}

const NUMBER_PREFIX: Record<string, string> = { '14': '晋', '1409': '忻', '1410': '临' };

function exampleFile(jurisdiction: string): string {
  const year = new Date().getFullYear();
  return JSON.stringify(
    {
      document: {
        id: `welfare-post-${jurisdiction}-${year}`,
        number: `${NUMBER_PREFIX[jurisdiction] ?? ''}人社发〔${year}〕1号`,
        title: '乡村公益性岗位补贴标准',
        issuer: `${jurisdictionName(jurisdiction)}人力资源和社会保障局`,
        issuedOn: `${year}-01-01`,
        jurisdiction,
      },
      values: [
        {
          parameter: 'welfare_post.monthly_subsidy',
          jurisdiction,
          from: `${year}-01-01`,
          to: `${year}-12-31`,
          value: 50000,
          citation: { article: '第三条' },
        },
      ],
    },
    null,
    2,
  );
}

interface ValueError {
  key: number;
  where: string;
  message: string;
}

/**
 * Where a refused value is: "values[2].citation" / "body.values.2.value", or the ruleset's
 * "value.<parameter>@<jurisdiction>@<from>", shown as 第3条取值（参数名）.
 */
function describeErrors(
  details: ErrorDetail[],
  file: PolicyValuesFileInput | undefined,
  library: PolicyLibrary,
) {
  const labels = new Map(library.parameters.map((p) => [p.id, p.label]));
  const entry = (index: number, rest = '') => {
    const parameter = file?.values?.[index]?.parameter;
    const name = parameter ? `（${labels.get(parameter) ?? parameter}）` : '';
    return `第${index + 1}条取值${name}${rest ? ` · ${rest}` : ''}`;
  };
  return details.map((detail, key): ValueError => {
    const field = detail.field ?? '';
    const index = /values(?:\[|\.)(\d+)/u.exec(field)?.[1];
    if (index !== undefined) {
      return {
        key,
        where: entry(Number(index), field.replace(/^.*values(?:\[|\.)\d+\]?\.?/u, '')),
        message: detail.message,
      };
    }
    const value = /^value\.(.+)@([^@]+)@([^@]+)$/u.exec(field);
    if (value) {
      const [, parameter, jurisdiction, from] = value;
      const at = file?.values?.findIndex(
        (v) => v.parameter === parameter && v.jurisdiction === jurisdiction && v.from === from,
      );
      if (at !== undefined && at >= 0) return { key, where: entry(at), message: detail.message };
      return {
        key,
        where: `${labels.get(parameter!) ?? parameter}（${jurisdictionName(jurisdiction)}，自${from}）`,
        message: detail.message,
      };
    }
    if (field.includes('document')) return { key, where: '文件信息', message: detail.message };
    return { key, where: field || '整份文件', message: detail.message };
  });
}

/**
 * 新增政策参数: an administrator's parameter-value file (a new document's values with citations and validity), as
 * POST /api/policy/values takes it, uploaded or pasted; the server's errors are listed per value.
 */
export function PolicyValuesModal({
  open,
  library,
  onClose,
}: {
  open: boolean;
  library: PolicyLibrary;
  onClose: () => void;
}) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const add = useAddPolicyValues();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [errors, setErrors] = useState<ValueError[]>([]);

  const reset = () => {
    setText('');
    setFileName(undefined);
    setProblem(undefined);
    setErrors([]);
  };

  const submit = async () => {
    setProblem(undefined);
    setErrors([]);
    let file: PolicyValuesFileInput;
    try {
      file = JSON.parse(text) as PolicyValuesFileInput;
    } catch (error) {
      setProblem(`不是有效的 JSON：${errorMessage(error)}`);
      return;
    }
    if (!file || typeof file !== 'object' || !Array.isArray(file.values)) {
      setProblem('文件应为 { "document": {…}, "values": [ … ] } 格式，values 为取值列表');
      return;
    }
    try {
      const saved = await add.mutateAsync(file);
      message.success(`已新增 ${saved.valueCount} 项参数取值，规则版本 ${saved.rulesetVersion}`);
      reset();
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
      if (error instanceof ApiError) setErrors(describeErrors(error.details, file, library));
    }
  };

  return (
    <Modal
      open={open}
      title="新增政策参数"
      width={860}
      okText="提交"
      cancelText="取消"
      confirmLoading={add.isPending}
      okButtonProps={{ disabled: !text.trim() }}
      onOk={() => void submit()}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          上传或粘贴参数文件（JSON）：新文件的文号、标题、发文机关、实施范围，以及各参数的取值、有效期和出处条款。金额以“分”为单位（500元写
          50000），比例写作 {'{ "numerator": 2, "denominator": 3 }'}，null
          表示待设定。有效期重叠、缺少出处或实施范围未知时整份文件不予导入；只能设定本人管辖范围（
          {jurisdictionName(ownJurisdiction(user.captureScope))}）内的取值。
        </Typography.Paragraph>
        <Space wrap>
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((content) => {
                setText(content);
                setFileName(file.name);
                setProblem(undefined);
                setErrors([]);
              });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>选择文件</Button>
          </Upload>
          <Button
            icon={<FileTextOutlined />}
            onClick={() => {
              setText(exampleFile(ownJurisdiction(user.captureScope)));
              setFileName(undefined);
            }}
          >
            填入示例
          </Button>
          {fileName && <Typography.Text type="secondary">已读取：{fileName}</Typography.Text>}
        </Space>
        <Input.TextArea
          aria-label="参数文件内容"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 10, maxRows: 18 }}
          placeholder='{ "document": { "id": …, "title": …, "issuer": …, "jurisdiction": "1409" }, "values": [ { "parameter": …, "jurisdiction": …, "from": "YYYY-MM-DD", "value": …, "citation": { "article": … } } ] }'
          style={{ fontFamily: 'monospace', fontSize: 12 }}
        />
        {problem && <Alert type="error" showIcon title={problem} />}
        {errors.length > 0 && (
          <Table<ValueError>
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={errors}
            columns={[
              { key: 'where', title: '位置', dataIndex: 'where', width: 320 },
              { key: 'message', title: '问题', dataIndex: 'message' },
            ]}
          />
        )}
      </Space>
    </Modal>
  );
}
