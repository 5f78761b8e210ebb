import type { ReactNode } from 'react';
import { App, Form, Modal, type FormInstance } from 'antd';
import { applyServerErrors } from '../form/server-errors.ts';

/**
 * 新增… / 修改…: a dialog around a horizontal form, named by its title. 确定 submits the form; once `onSave` is
 * done the dialog says `savedMessage` and closes, and a refusal of the server shows on the fields it names.
 */
export function FormModal<T>({
  title,
  open,
  onClose,
  name,
  form,
  onSave,
  savedMessage,
  isSaving,
  labelSpan,
  wrapperSpan,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  /** Prefixes the field ids. */
  name: string;
  form: FormInstance<T>;
  onSave: (values: T) => Promise<unknown>;
  savedMessage: string;
  isSaving: boolean;
  labelSpan: number;
  wrapperSpan: number;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  const submit = async (values: T) => {
    try {
      await onSave(values);
      message.success(savedMessage);
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  };
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="确定"
      confirmLoading={isSaving}
      forceRender
      width={640}
    >
      <Form<T>
        name={name}
        form={form}
        layout="horizontal"
        labelCol={{ span: labelSpan }}
        wrapperCol={{ span: wrapperSpan }}
        onFinish={submit}
        aria-label={title}
        style={{ marginTop: 16 }}
      >
        {children}
      </Form>
    </Modal>
  );
}
