/**
 * The reference web app (web/, bundled by scripts/build-web.ts) at /app/: the same origin as the API, so it
 * needs no CORS. Any path under /app/ that is not a file is a route of the app: index.html answers it.
 */
import path from 'node:path';
import express from 'express';
import type * as BuildWebModule from '../../scripts/build-web';
import { ensureBuiltAssets } from './built-assets';

/**
 * Only the server's own scripts, styles and API; with Stripe configured, also Stripe.js and its frames (the
 * card form of Stripe Elements), as Stripe documents for a CSP.
 */
function contentSecurityPolicy(stripe: boolean): string {
  const stripeScript = stripe ? ' https://js.stripe.com' : '';
  return [
    "default-src 'self'",
    `script-src 'self'${stripeScript}`,
    "style-src 'self'",
    // Property photos are the hosts' URLs.
    "img-src 'self' data: https:",
    `connect-src 'self' ws: wss:${stripe ? ' https://api.stripe.com' : ''}`,
    `frame-src ${stripe ? 'https://js.stripe.com https://hooks.stripe.com' : "'none'"}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function webAppRouter(options: { assetsDir: string; stripe: boolean }): express.Router {
  const policy = contentSecurityPolicy(options.stripe);
  const router = express.Router();
  const index = path.join(path.resolve(options.assetsDir), 'index.html');
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  router.use(express.static(path.resolve(options.assetsDir), { index: false, fallthrough: true }));
  router.get(/.*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

/** The app's bundle in assetsDir, built on the fly in development (see ensureBuiltAssets). */
export function ensureWebAppAssets(assetsDir: string, log: (message: string) => void): Promise<boolean> {
  return ensureBuiltAssets('web app', assetsDir, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, synchronous load on purpose
    return (require('../../scripts/build-web') as typeof BuildWebModule).buildWebApp;
  }, log);
}
