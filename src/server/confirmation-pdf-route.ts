import express from 'express';
import { GraphQLError } from 'graphql';
import type { Services } from '../modules/services';
import { AppError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import { isUuid } from '../platform/validation';
import { PdfRendererUnavailable } from '../platform/pdf/pdf-renderer';
import { isAdmin } from './authorization';
import { viewerFromAuthorization } from './request-auth';

const STATUS_BY_CODE: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 };

function sendPdf(res: express.Response, code: string, pdf: Buffer): void {
  res
    .status(200)
    .set({ 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${code}.pdf"`, 'cache-control': 'private, no-store' })
    .send(pdf);
}

/** A link opened in a browser gets a page a person can read, not JSON. */
function sendPage(res: express.Response, status: number, title: string, text: string): void {
  res
    .status(status)
    .set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:Arial,sans-serif;max-width:36em;margin:3em auto;color:#1f2933"><h1>${title}</h1><p>${text}</p></body></html>`);
}

/**
 * GET /reservations/:id/confirmation.pdf — Bearer token of the guest, the property's host or an admin: the
 * current document; `?version=N` (admins only) any stored version.
 * GET /documents/:id.pdf?expires=…&signature=… — the signed link from emails: the current document, no header.
 */
export function confirmationPdfRouter(services: Services, log: Logger): express.Router {
  const router = express.Router();
  router.get('/reservations/:id/confirmation.pdf', async (req, res) => {
    try {
      const viewer = await viewerFromAuthorization(req.headers.authorization, services);
      if (!viewer) throw new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <access token>');
      if (!isUuid(req.params.id)) throw new AppError('NOT_FOUND', 'Reservation not found');
      const reservation = await services.reservations.findVisible(viewer, req.params.id);
      if (!reservation) throw new AppError('NOT_FOUND', 'Reservation not found');
      const version = req.query['version'];
      if (version === undefined) {
        sendPdf(res, reservation.code, await services.documents.get(reservation.id));
        return;
      }
      if (!isAdmin(viewer)) throw new AppError('FORBIDDEN', 'Earlier versions are for admins; leave out `version` for the current document');
      if (typeof version !== 'string' || !/^[1-9]\d{0,5}$/.test(version)) throw new AppError('BAD_USER_INPUT', '`version` must be a positive integer');
      const stored = await services.documents.version(reservation.id, Number(version));
      if (!stored) throw new AppError('NOT_FOUND', `Version ${version} not found`);
      sendPdf(res, `${reservation.code}-v${stored.version}`, stored.content);
    } catch (error) {
      const code = error instanceof AppError ? error.code : error instanceof GraphQLError ? String(error.extensions['code']) : undefined;
      if (code && STATUS_BY_CODE[code]) {
        res.status(STATUS_BY_CODE[code]).json({ error: (error as Error).message, code });
      } else if (error instanceof PdfRendererUnavailable) {
        res.status(503).json({ error: error.message });
      } else {
        log.error({ err: error }, 'serving a reservation PDF failed');
        res.status(500).json({ error: 'Internal server error' });
      }
    }
  });

  router.get('/documents/:id.pdf', async (req, res) => {
    try {
      const id = req.params.id;
      const check = isUuid(id) ? services.documentLinks.check(id, req.query['expires'], req.query['signature']) : 'INVALID';
      if (check === 'INVALID') {
        sendPage(res, 403, 'This link is not valid', 'The link to this document is incomplete or was changed. Open it again from the email, or sign in to download the document.');
        return;
      }
      if (check === 'EXPIRED') {
        sendPage(res, 410, 'This link has expired', 'Links to documents are valid for a limited time. Sign in to download the current document of your booking.');
        return;
      }
      const document = await services.documents.current(id);
      if (!document) {
        sendPage(res, 404, 'Document not found', 'There is no document for this booking.');
        return;
      }
      sendPdf(res, document.code, document.content);
    } catch (error) {
      if (error instanceof PdfRendererUnavailable) {
        sendPage(res, 503, 'Try again shortly', 'The document cannot be produced right now. Please try again in a few minutes.');
      } else {
        log.error({ err: error }, 'serving a signed document link failed');
        sendPage(res, 500, 'Something went wrong', 'The document could not be served. Please try again later.');
      }
    }
  });
  return router;
}
