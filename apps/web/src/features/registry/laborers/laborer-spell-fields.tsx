import { Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { RegionPicker } from '../../../shared/region/region-picker.tsx';
import { useDictionaryOptions } from '../shared/dictionary.ts';
import { SPELL_FLAGS } from './laborer-form-values.ts';

const col = (span = 8) => ({ xs: 24, md: span });

/**
 * 务工经历: the employment spells of the labourer form (Form.List "spells"), each a card with where, how and for
 * whom the person worked. The employment status is derived from them by the server.
 */
export function EmploymentSpellList() {
  const { options } = useDictionaryOptions();
  return (
    <Form.List name="spells">
      {(fields, { add, remove }, { errors }) => (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              title={`务工经历 ${index + 1}`}
              extra={
                <Button
                  type="text"
                  danger
                  size="small"
                  icon={<DeleteOutlined />}
                  onClick={() => remove(field.name)}
                >
                  删除
                </Button>
              }
            >
              <Row gutter={16}>
                <Col {...col(6)}>
                  <Form.Item
                    label="开始年月"
                    name={[field.name, 'startMonth']}
                    rules={[{ required: true, message: '请选择开始年月' }]}
                  >
                    <DatePicker picker="month" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col {...col(6)}>
                  <Form.Item label="结束年月" name={[field.name, 'endMonth']} extra="仍在务工请留空">
                    <DatePicker picker="month" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col {...col(6)}>
                  <Form.Item
                    label="就业形式"
                    name={[field.name, 'employmentForm']}
                    rules={[{ required: true, message: '请选择就业形式' }]}
                  >
                    <Select placeholder="请选择" options={options('employment_form')} />
                  </Form.Item>
                </Col>
                <Col {...col(6)}>
                  <Form.Item label="就业渠道" name={[field.name, 'channel']}>
                    <Select allowClear placeholder="请选择" options={options('employment_channel')} />
                  </Form.Item>
                </Col>
                <Col {...col(12)}>
                  <Form.Item
                    label="务工所在地"
                    required
                    extra="至少到县；本辖区外的地点请直接输入12位区划代码"
                  >
                    <Space.Compact style={{ width: '100%' }}>
                      <Form.Item
                        name={[field.name, 'workRegionCode']}
                        noStyle
                        rules={[
                          { required: true, message: '请选择或输入务工所在地' },
                          { pattern: /^\d{12}$/, message: '区划代码应为12位数字' },
                        ]}
                      >
                        <Input placeholder="12位区划代码" style={{ width: '45%' }} maxLength={12} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'workRegionCode']} noStyle>
                        <RegionPicker
                          levels={[3, 4, 5]}
                          placeholder="或在本辖区内选择"
                          style={{ width: '55%' }}
                          aria-label={`务工所在地 ${index + 1}`}
                        />
                      </Form.Item>
                    </Space.Compact>
                  </Form.Item>
                </Col>
                <Col {...col(6)}>
                  <Form.Item label="务工地域" name={[field.name, 'workArea']} extra="可由务工所在地自动判断">
                    <Select allowClear placeholder="自动判断" options={options('work_area')} />
                  </Form.Item>
                </Col>
                <Col {...col(6)}>
                  <Form.Item
                    label="月收入（元）"
                    name={[field.name, 'monthlyIncome']}
                    extra="100–30000元以外需确认"
                  >
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col {...col(12)}>
                  <Form.Item label="就业单位名称" name={[field.name, 'employerName']} rules={[{ max: 100 }]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col {...col(6)}>
                  <Form.Item
                    label="所属行业"
                    name={[field.name, 'industry']}
                    rules={[{ max: 20 }]}
                    extra="GB/T 4754 代码"
                  >
                    <Input placeholder="如 E47" />
                  </Form.Item>
                </Col>
                <Col {...col(24)}>
                  <Form.Item name={[field.name, 'flags']} style={{ marginBottom: 0 }}>
                    <Checkbox.Group options={SPELL_FLAGS.map((flag) => ({ ...flag }))} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ))}
          <Form.ErrorList errors={errors} />
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ flags: [] })}>
            添加务工经历
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
