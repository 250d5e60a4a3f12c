/**
 * Admin GraphQL explorer: serves the offline GraphiQL bundle built by
 * scripts/build-explorer.ts (index.html, explorer.js, explorer.css).
 */
import path from 'node:path';
import express from 'express';
import type * as BuildExplorerModule from '../../scripts/build-explorer';
import { ensureBuiltAssets } from './built-assets';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL's dialogs (react-remove-scroll) inject <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:", // GraphiQL's fonts are inlined as data: URLs
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function explorerRouter(options: { assetsDir: string }): express.Router {
  const router = express.Router();

  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  // index.html uses relative asset URLs, so `/explorer` must become `/explorer/`.
  router.get('/', (req, res, next) => {
    const queryStart = req.originalUrl.indexOf('?');
    const pathname = queryStart === -1 ? req.originalUrl : req.originalUrl.slice(0, queryStart);
    if (pathname.endsWith('/')) return next();
    res.redirect(301, `${req.baseUrl}/${queryStart === -1 ? '' : req.originalUrl.slice(queryStart)}`);
  });

  router.use(
    express.static(path.resolve(options.assetsDir), {
      index: 'index.html',
      setHeaders(res, filePath) {
        if (path.basename(filePath) === 'index.html') res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  return router;
}

/** The explorer bundle in assetsDir, built on the fly in development (see ensureBuiltAssets). */
export function ensureExplorerAssets(assetsDir: string, log: (msg: string) => void): Promise<boolean> {
  return ensureBuiltAssets('explorer', assetsDir, () => {
    // require rather than import(): resolves the same way under tsx, jest and the compiled dist/ output.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, synchronous load on purpose
    return (require('../../scripts/build-explorer') as typeof BuildExplorerModule).buildExplorer;
  }, log);
}
