import express from 'express';
import type { Services } from '../modules/services';
import type { Logger } from '../platform/logger';

/**
 * GET /calendar/:token.ics — a room's or property's iCal export for calendar apps and channels (Airbnb,
 * Booking.com, Vrbo), which cannot send headers: the unguessable token is the credential. Unknown and
 * revoked tokens are 404 alike; a matching If-None-Match is 304.
 */
export function calendarFeedRouter(services: Services, log: Logger): express.Router {
  const router = express.Router();
  router.get('/calendar/:token.ics', async (req, res) => {
    try {
      const feed = await services.calendarExport.render(req.params.token);
      if (!feed) {
        res.status(404).set({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).send('Calendar not found\n');
        return;
      }
      // Short: channels poll every few hours at most, and a new booking should reach them on the next poll.
      res.set({ 'cache-control': 'private, max-age=300', etag: feed.etag });
      if (req.headers['if-none-match'] === feed.etag) {
        res.status(304).end();
        return;
      }
      res
        .status(200)
        .set({ 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="calendar.ics"' })
        .send(feed.body);
    } catch (error) {
      log.error({ err: error }, 'serving a calendar feed failed');
      res.status(500).set({ 'content-type': 'text/plain; charset=utf-8' }).send('Calendar unavailable, try again later\n');
    }
  });
  return router;
}
