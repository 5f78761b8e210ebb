import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';

/**
 * Receives the one file of a multipart upload (the registry import, the grant ledger import) into a folder, and
 * nothing else: a body that is not well-formed multipart is a 400 naming the field `file`,
 * a file or field too large a 413, a folder over its size cap a 507; whatever ends the upload early — a refusal, a
 * client that goes away mid-body — removes the partial file before the error goes on.
 */

export interface ReceivedUpload {
  /** Where the file was written (mode 600). */
  path: string;
  fileName: string;
  /** The form's other fields, as text. */
  fields: Record<string, string>;
}

export interface ReceiveOptions {
  directory: string;
  maxFileBytes: number;
  /** Largest total size of the folder's files, this upload included (JIUYE_IMPORT_DIR_MAX_MB); none if unset. */
  directoryCapBytes?: number | undefined;
}

/** Multipart limits for @fastify/multipart: one file, a few short fields (dryRun, update, regionCode). */
export function multipartLimits(maxFileBytes: number) {
  return { fileSize: maxFileBytes + 1, files: 1, fields: 10, parts: 12, fieldSize: FIELD_BYTES };
}

/** A form field longer than this is refused (the import's fields are a boolean or a 12-digit code). */
export const FIELD_BYTES = 1024;

/** Uploaded files are named `<uuid>.upload`; the sweep removes only such files. */
export const UPLOAD_SUFFIX = '.upload';

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function malformed(
  message = '上传的内容不是完整的 multipart/form-data（缺少分隔符或结束分隔符），请重新选择文件上传',
) {
  return new AppError('VALIDATION_FAILED', message, [{ field: 'file', message }]);
}

function tooLarge(maxFileBytes: number) {
  const message = `文件过大，上传的导入文件不能超过 ${mb(maxFileBytes)} MB`;
  return new AppError('PAYLOAD_TOO_LARGE', message, [{ field: 'file', message }]);
}

export function folderFull(capBytes: number) {
  const message = `导入文件夹已满（上限 ${mb(capBytes)} MB），请等待进行中的导入完成或请管理员清理后再上传`;
  return new AppError('INSUFFICIENT_STORAGE', message, [{ field: 'file', message }]);
}

/**
 * What an error of the multipart parser (@fastify/multipart, @fastify/busboy) means for the uploader. Busboy's
 * errors are plain Errors ("Multipart: Boundary not found", "Part terminated early due to unexpected end of
 * multipart data", "Malformed part header"), as are a client's disconnect ("aborted", ERR_STREAM_PREMATURE_CLOSE):
 * all of them say the body is not a complete form.
 */
function uploadError(error: unknown, maxFileBytes: number): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxFileBytes);
  if (code === 'FST_FILES_LIMIT') {
    const message = '只能上传一个文件';
    return new AppError('VALIDATION_FAILED', message, [{ field: 'file', message }]);
  }
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    const message = '表单字段过多：只需一个文件和导入选项';
    return new AppError('VALIDATION_FAILED', message, [{ field: 'file', message }]);
  }
  if (code === 'FST_PROTO_VIOLATION') {
    const message = '表单字段名不正确';
    return new AppError('VALIDATION_FAILED', message, [{ field: 'file', message }]);
  }
  return malformed();
}

/** Bytes held by the folder's files (not its subfolders). */
export function directoryBytes(directory: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    try {
      total += fs.statSync(path.join(directory, entry.name)).size;
    } catch {
      // Removed meanwhile (a job that ended).
    }
  }
  return total;
}

/** Counts the bytes written and stops the upload when the folder would go over its cap. */
function capGuard(startBytes: number, capBytes: number | undefined): Transform {
  let written = startBytes;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      if (capBytes !== undefined && written > capBytes) callback(folderFull(capBytes));
      else callback(null, chunk);
    },
  });
}

export async function receiveUpload(
  request: FastifyRequest,
  options: ReceiveOptions,
): Promise<ReceivedUpload> {
  const fileError = (message: string) =>
    new AppError('VALIDATION_FAILED', message, [{ field: 'file', message }]);
  if (!request.isMultipart()) throw fileError('请以 multipart/form-data 上传文件');
  fs.mkdirSync(options.directory, { recursive: true, mode: 0o700 });
  const fields: Record<string, string> = {};
  let target: string | undefined;
  let writer: fs.WriteStream | undefined;
  let stored: { path: string; fileName: string } | undefined;
  try {
    // request.parts() builds the parser at once: a content type without a boundary throws here.
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (stored) throw fileError('只能上传一个文件');
        // The parser destroys the part of a body that ended before its closing boundary, possibly before the
        // part reaches us: piping a stream destroyed so would wait for ever (Node 20 pipeline).
        if (part.file.destroyed && !part.file.readableEnded) throw malformed();
        const used = directoryBytes(options.directory);
        if (options.directoryCapBytes !== undefined && used >= options.directoryCapBytes)
          throw folderFull(options.directoryCapBytes);
        target = path.join(options.directory, `${crypto.randomUUID()}${UPLOAD_SUFFIX}`);
        writer = fs.createWriteStream(target, { mode: 0o600 });
        await pipeline(part.file, capGuard(used, options.directoryCapBytes), writer);
        if (part.file.truncated) throw tooLarge(options.maxFileBytes);
        stored = { path: target, fileName: part.filename || 'upload' };
        continue;
      }
      if (part.valueTruncated || part.fieldnameTruncated) {
        const message = `字段内容过长（不能超过 ${FIELD_BYTES} 字节）`;
        throw new AppError('PAYLOAD_TOO_LARGE', message, [{ field: part.fieldname, message }]);
      }
      // A part named file without a filename is a field to busboy: the file was not sent as a file.
      if (part.fieldname === 'file') throw fileError('文件部分缺少文件名（filename），请选择文件上传');
      fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    // The file is opened asynchronously: removed once the stream is closed, or an open still pending would
    // create it again after the removal.
    if (writer && !writer.closed)
      await new Promise<void>((resolve) => writer!.once('close', () => resolve()));
    if (target) fs.rmSync(target, { force: true });
    throw uploadError(error, options.maxFileBytes);
  }
  if (!stored) throw fileError('请选择要导入的文件');
  return { ...stored, fields };
}
