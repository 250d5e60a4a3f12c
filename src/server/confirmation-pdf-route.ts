import express from 'express';
import { GraphQLError } from 'graphql';
import type { Services } from '../modules/services';
import { AppError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import { PdfRendererUnavailable } from '../platform/pdf/pdf-renderer';
import { viewerFromAuthorization } from './request-auth';

const STATUS_BY_CODE: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 };

/** GET /reservations/:id/confirmation.pdf — the stored PDF, for the guest, the property's host and admins. */
export function confirmationPdfRouter(services: Services, log: Logger): express.Router {
  const router = express.Router();
  router.get('/reservations/:id/confirmation.pdf', async (req, res) => {
    try {
      const viewer = await viewerFromAuthorization(req.headers.authorization, services);
      if (!viewer) throw new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <access token>');
      if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) throw new AppError('NOT_FOUND', 'Reservation not found');
      const reservation = await services.reservations.findVisible(viewer, req.params.id);
      if (!reservation) throw new AppError('NOT_FOUND', 'Reservation not found');
      const pdf = await services.documents.get(reservation.id);
      res
        .status(200)
        .set({
          'content-type': 'application/pdf',
          'content-disposition': `inline; filename="${reservation.code}.pdf"`,
          'cache-control': 'private, no-store',
        })
        .send(pdf);
    } catch (error) {
      const code = error instanceof AppError ? error.code : error instanceof GraphQLError ? String(error.extensions['code']) : undefined;
      if (code && STATUS_BY_CODE[code]) {
        res.status(STATUS_BY_CODE[code]).json({ error: (error as Error).message, code });
      } else if (error instanceof PdfRendererUnavailable) {
        res.status(503).json({ error: error.message });
      } else {
        log.error({ err: error }, 'serving a confirmation PDF failed');
        res.status(500).json({ error: 'Internal server error' });
      }
    }
  });
  return router;
}
