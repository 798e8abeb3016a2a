import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import busboy from 'busboy';
import type { FastifyReply } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { cleanOriginalName } from '../modules/media/media-fields';
import { MediaRejection } from '../modules/media/media-image';
import type { MediaPipeline } from '../modules/media/media-pipeline';
import { mediaJson } from '../modules/media/media.model';
import { isSignedIn, type Viewer } from '../modules/identity';
import { httpStatusOf } from '../shared/error-codes';
import { AppError } from '../shared/errors';
import { describeBytes } from '../shared/format-bytes';
import { HttpError } from './body';
import { send, sendHttpError } from './reply';

export interface MediaUploadDeps {
  config: Config;
  orm: MikroORM;
  media: MediaPipeline;
  log: Logger;
  /** Resolved once per request by the route table's authentication. */
  viewer: Viewer;
}

/** Room for the multipart framing and the alt/caption fields on top of the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;
const TEXT_FIELDS = new Set(['alt', 'caption']);

interface ReceivedFile {
  path: string;
  filename: string | undefined;
  sha256: string;
  bytes: number;
}

/**
 * POST /media: one multipart file (+ optional `alt`, `caption`) from a signed-in staff member.
 * The file streams to a staging file while it is hashed, never whole into memory; the size cap
 * is checked on Content-Length first and again on every chunk. Answers 201 with the new Media,
 * or 200 with the existing one when the same image was uploaded before.
 */
export async function handleMediaUpload(req: IncomingMessage, reply: FastifyReply, deps: MediaUploadDeps): Promise<void> {
  const staged = await deps.media.tempPath('upload');
  let answer: { status: number; body: unknown };
  try {
    answer = await receiveAndIngest(req, staged, deps);
  } catch (error) {
    const refusal = asHttpError(error);
    if (!refusal) throw error;
    // The rest of the body may still be on its way: do not read it, end the connection instead.
    if (!req.complete) reply.header('connection', 'close');
    await fs.promises.rm(staged, { force: true });
    return sendHttpError(reply, refusal);
  } finally {
    await fs.promises.rm(staged, { force: true });
  }
  send(reply, answer.status, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(answer.body));
}

async function receiveAndIngest(req: IncomingMessage, staged: string, deps: MediaUploadDeps): Promise<{ status: number; body: unknown }> {
  const { viewer } = deps;
  if (!isSignedIn(viewer)) throw new HttpError(401, 'Log in to upload media (Authorization: Bearer <token>)');
  const maxBytes = deps.config.media.maxBytes;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD) throw tooLarge(maxBytes);
  if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'Send the file as multipart/form-data (one file field, optional "alt" and "caption")');
  }

  const { file, fields } = await receive(req, staged, maxBytes);
  const { media, created } = await deps.media.ingestAndSave(deps.orm.em.fork(), { path: file.path, sha256: file.sha256 }, {
    originalName: file.filename,
    alt: fields.alt,
    caption: fields.caption,
    uploadedBy: viewer.id,
  });
  deps.log.info({ mediaId: media.id, bytes: file.bytes, created }, created ? 'media uploaded' : 'media upload matched an existing image');
  return { status: created ? 201 : 200, body: mediaJson(media, deps.config.publicUrl) };
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `The file is larger than the upload limit of ${describeBytes(maxBytes)}`);
}

function asHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof MediaRejection) return new HttpError(error.status, error.message);
  if (error instanceof AppError && error.extensions.code === 'BAD_USER_INPUT') return new HttpError(httpStatusOf('BAD_USER_INPUT'), error.message);
  return null;
}

/** Parses the multipart body: the one file into `staged` (hashed on the way), the text fields into memory. */
function receive(req: IncomingMessage, staged: string, maxBytes: number): Promise<{ file: ReceivedFile; fields: Record<string, string> }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // File names are UTF-8 in practice (browsers, curl); busboy's default would read them as Latin-1.
      defParamCharset: 'utf8',
      // The name as sent, so that a path in it is seen (and refused) rather than silently cut.
      preservePath: true,
      limits: { files: 1, fileSize: maxBytes, fields: 4, fieldSize: 16 * 1024, parts: 6, headerPairs: 20 },
    });
  } catch {
    return Promise.reject(new HttpError(400, 'The multipart/form-data header has no boundary'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let saving: Promise<ReceivedFile> | undefined;
    let out: fs.WriteStream | undefined;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      // Close the staging file before answering: the caller removes it, and no descriptor may linger
      // (nor may a late open create the file again after its removal).
      if (out && !out.closed) {
        out.once('close', () => reject(error));
        out.destroy();
      } else {
        reject(error);
      }
    };
    parser.on('file', (_name, stream, info) => {
      if (saving || failed) {
        stream.resume();
        return;
      }
      try {
        cleanOriginalName(info.filename);
      } catch (error) {
        stream.resume();
        return fail(new HttpError(422, (error as Error).message));
      }
      stream.on('limit', () => fail(tooLarge(maxBytes)));
      out = fs.createWriteStream(staged, { flags: 'wx', mode: 0o600 });
      saving = save(stream, out, info.filename);
      saving.catch((error: Error) => fail(error));
    });
    parser.on('field', (name, value, info) => {
      if (!TEXT_FIELDS.has(name)) return;
      if (info.valueTruncated) fail(new HttpError(422, `"${name}" is too long`));
      fields[name] = value;
    });
    parser.on('filesLimit', () => fail(new HttpError(400, 'Send one file per upload')));
    parser.on('partsLimit', () => fail(new HttpError(400, 'Too many form fields: send one file, and optionally "alt" and "caption"')));
    parser.on('fieldsLimit', () => fail(new HttpError(400, 'Too many form fields: send one file, and optionally "alt" and "caption"')));
    parser.on('error', () => fail(new HttpError(400, 'The multipart/form-data body is malformed or incomplete')));
    parser.on('close', () => {
      if (failed) return;
      if (!saving) return fail(new HttpError(400, 'No file in the upload: send one file field (for example "file")'));
      saving.then((file) => {
        if (file.bytes === 0) fail(new HttpError(400, 'The uploaded file is empty'));
        else if (!failed) resolve({ file, fields });
      }, fail);
    });
    req.on('aborted', () => fail(new HttpError(400, 'The upload was interrupted')));
    req.pipe(parser);
  });
}

async function save(stream: Readable, out: fs.WriteStream, filename: string | undefined): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  stream.pipe(out);
  await finished(out);
  return { path: String(out.path), filename, sha256: hash.digest('hex'), bytes };
}
