import { useEffect, useState } from 'react';
import { Button, Col, DatePicker, Form, InputNumber, Row, Select, Space, Tooltip, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { errorMessage } from '../../shared/api/client.ts';
import { useLaborerSearch, type LibraryBenefit, type LibraryFact } from './policy.api.ts';

/** The inputs of the evaluation form: one fact, the registry labourer, the grants a scenario already received. */

/** One fact of the library as a form field: yes/no, a choice, a date, money in 元 or a count in its unit. */
export function FactField({ fact, usedBy }: { fact: LibraryFact; usedBy: string[] }) {
  const label = (
    <Space size={4}>
      <span>{fact.label}</span>
      {usedBy.length > 0 && (
        <Tooltip title={`用于：${usedBy.join('、')}`}>
          <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
        </Tooltip>
      )}
    </Space>
  );
  let control;
  if (fact.type === 'boolean') {
    control = (
      <Select
        allowClear
        placeholder="未填写"
        options={[
          { value: true, label: '是' },
          { value: false, label: '否' },
        ]}
      />
    );
  } else if (fact.type === 'enum') {
    control = (
      <Select
        allowClear
        placeholder="未填写"
        options={(fact.values ?? []).map((value) => ({ value, label: fact.valueLabels?.[value] ?? value }))}
      />
    );
  } else if (fact.type === 'date') {
    control = <DatePicker style={{ width: '100%' }} placeholder="未填写" />;
  } else if (fact.unit === 'fen') {
    control = (
      <InputNumber style={{ width: '100%' }} min={0} precision={2} placeholder="未填写" suffix="元" />
    );
  } else {
    control = (
      <InputNumber
        style={{ width: '100%' }}
        min={fact.min ?? 0}
        precision={0}
        placeholder="未填写"
        suffix={fact.unit}
      />
    );
  }
  return (
    <Form.Item name={['facts', fact.name]} label={label}>
      {control}
    </Form.Item>
  );
}

/** A registry labourer found by name, pinyin initials or the last 4 ID digits. */
export function LaborerSelect({
  value,
  onChange,
  id,
}: {
  value?: number;
  onChange?: (value: number | undefined) => void;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const found = useLaborerSearch(q);
  return (
    <Select
      id={id}
      aria-label="劳动力"
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      allowClear
      value={value}
      onChange={(next?: number) => onChange?.(next)}
      placeholder="输入姓名、拼音首字母或身份证号后4位"
      loading={found.isFetching}
      notFoundContent={found.isError ? errorMessage(found.error) : '没有匹配的劳动力'}
      options={(found.data?.items ?? []).map((laborer) => ({
        value: laborer.id,
        label: `${laborer.name}（${laborer.idNumberMasked}）${laborer.regionName ?? ''}`,
      }))}
    />
  );
}

/** 已享受记录 of a scenario: earlier grants, for 每年一次, caps and 不得重复享受. */
export function ScenarioGrantList({ benefits }: { benefits: LibraryBenefit[] }) {
  return (
    <>
      <Typography.Title level={5}>已享受记录（用于“每年一次”、上限和不得重复享受的判断）</Typography.Title>
      <Form.List name="grants">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Row key={field.key} gutter={8} align="top">
                <Col xs={24} md={7}>
                  <Form.Item
                    name={[field.name, 'benefitId']}
                    rules={[{ required: true, message: '请选择待遇' }]}
                  >
                    <Select
                      placeholder="待遇项目"
                      aria-label="已享受的待遇"
                      options={benefits.map((b) => ({ value: b.id, label: b.label }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item
                    name={[field.name, 'periodStart']}
                    rules={[{ required: true, message: '请选择所属期' }]}
                  >
                    <DatePicker placeholder="所属期起" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item name={[field.name, 'amountYuan']}>
                    <InputNumber
                      placeholder="金额"
                      min={0}
                      precision={2}
                      suffix="元"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={3}>
                  <Form.Item name={[field.name, 'months']}>
                    <InputNumber placeholder="月数" min={0} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={10} md={4}>
                  <Form.Item name={[field.name, 'decidedOn']}>
                    <DatePicker placeholder="决定日期" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={2} md={2}>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label="删除记录"
                    onClick={() => remove(field.name)}
                  />
                </Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ marginBottom: 16 }}>
              添加已享受记录
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}
