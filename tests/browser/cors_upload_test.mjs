// Browser test: a page on http://localhost:5173 uploads a JPEG to a CORS-enabled
// bucket on a local Ceph RGW with an s3v4 presigned PUT URL, reads the exposed
// ETag, and shows the object through a presigned GET URL; pages on origins that
// the bucket does not allow are refused by CORS.
//
// Usage: node cors_upload_test.mjs S3V4_BINARY RGW_STATE_DIR
// (normally run through cors_upload_test.sh, which installs node_modules first)
//
// Environment (all optional):
//   S3V4_CHROMIUM            browser executable (default /usr/bin/chromium)
//   S3V4_BROWSER_PAGE_PORT   port of the allowed origin http://localhost:PORT (default 5173)
//   S3V4_BROWSER_OTHER_PORT  port of the refused origin http://localhost:PORT (default PAGE_PORT+1)
//   S3V4_BROWSER_TIMEOUT_S   hard limit for the whole run (default 75)
//   S3V4_BROWSER_SCREENSHOT  write a PNG of the allowed page after the upload here
//   S3V4_BROWSER_KEEP        1: keep the bucket and objects (for debugging)

import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PAGE_FILE = path.join(HERE, 'page', 'upload.html');
const JPEG_FILE = path.join(HERE, 'fixtures', 'tiny.jpg');

const CHROMIUM = process.env.S3V4_CHROMIUM || '/usr/bin/chromium';
const PAGE_PORT = Number(process.env.S3V4_BROWSER_PAGE_PORT || 5173);
const OTHER_PORT = Number(process.env.S3V4_BROWSER_OTHER_PORT || PAGE_PORT + 1);
const HARD_LIMIT_MS = 1000 * Number(process.env.S3V4_BROWSER_TIMEOUT_S || 75);
const KEEP = process.env.S3V4_BROWSER_KEEP === '1';

const ALLOWED_ORIGIN = `http://localhost:${PAGE_PORT}`;
// Origins that are not in AllowedOrigins: same host, other port; same port, other host.
const REFUSED_ORIGINS = [`http://localhost:${OTHER_PORT}`, `http://127.0.0.1:${PAGE_PORT}`];

// Flags asked for by the test plan; playwright adds its own automation flags
// (and --headless / --user-data-dir from the launch options).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

// ---------------------------------------------------------------- reporting

let passed = 0;
let failed = 0;

function info(line) {
  console.log(`# ${line}`);
}

function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}`);
    if (detail !== undefined) {
      const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
      for (const l of text.split('\n')) console.log(`       ${l}`);
    }
  }
  return ok;
}

// ---------------------------------------------------------------- helpers

function usage() {
  console.error('usage: node cors_upload_test.mjs S3V4_BINARY RGW_STATE_DIR');
  process.exit(2);
}

function readEnvFile(file) {
  const out = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

// Runs a program; resolves with {code, stdout, stderr} (code -1: could not run / timed out).
function run(file, args, { env, timeoutMs = 20000 } = {}) {
  return new Promise((resolve) => {
    execFile(file, args, {
      env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20,
      encoding: 'utf8',
    }, (err, stdout, stderr) => {
      let code = 0;
      if (err) code = typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr: stderr + (err && code === -1 ? String(err.message) : '') });
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// Serves the upload page on 127.0.0.1:PORT and [::1]:PORT, so that whatever
// address Chromium picks for "localhost", it reaches this server.
async function startPageServer(port, html) {
  const handler = (req, res) => {
    const p = new URL(req.url, 'http://page.invalid').pathname;
    if (req.method === 'GET' && (p === '/' || p === '/upload.html')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
    } else if (p === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    }
  };
  const servers = [];
  for (const host of ['127.0.0.1', '::1']) {
    const server = http.createServer(handler);
    try {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, exclusive: true }, resolve);
      });
      servers.push(server);
    } catch (e) {
      // No IPv6 loopback on this machine: 127.0.0.1 alone will do.
      if (host === '::1' && (e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT')) continue;
      for (const s of servers) s.close();
      throw new Error(`cannot serve the page on ${host}:${port}: ${e.code || e.message}` +
        (e.code === 'EADDRINUSE' ? ' (port in use; set S3V4_BROWSER_PAGE_PORT / S3V4_BROWSER_OTHER_PORT)' : ''));
    }
  }
  return servers;
}

function stopServers(servers) {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const [s3v4Arg, stateArg] = process.argv.slice(2);
  if (!s3v4Arg || !stateArg) usage();
  const S3V4 = path.resolve(s3v4Arg);
  const envFile = path.join(path.resolve(stateArg), 'env');
  if (!fs.existsSync(envFile)) {
    console.error(`no ${envFile}: start RGW with tests/rgw/rgw-start.sh first`);
    process.exit(2);
  }
  const rgw = readEnvFile(envFile);
  const endpoint = rgw.S3V4_TEST_ENDPOINT;
  const region = rgw.S3V4_TEST_REGION || 'us-east-1';
  info(`RGW endpoint ${endpoint}; chromium ${CHROMIUM}; page origin ${ALLOWED_ORIGIN}`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's3v4-browser-'));
  const jpeg = fs.readFileSync(JPEG_FILE);
  const md5 = crypto.createHash('md5').update(jpeg).digest('hex');
  const html = fs.readFileSync(PAGE_FILE, 'utf8');

  // Environment for aws-cli and s3v4: nothing from the caller's AWS_*/S3_* settings.
  const baseEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('AWS_') && !k.startsWith('S3_')) baseEnv[k] = v;
  }
  Object.assign(baseEnv, {
    AWS_ACCESS_KEY_ID: rgw.S3V4_TEST_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: rgw.S3V4_TEST_SECRET_KEY,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const awsConfig = path.join(tmp, 'aws-config');
  fs.writeFileSync(awsConfig,
    `[default]\nregion = ${region}\ns3 =\n  signature_version = s3v4\n  addressing_style = path\n`);
  const awsEnv = { ...baseEnv, AWS_CONFIG_FILE: awsConfig, AWS_PAGER: '' };
  const s3v4Env = { ...baseEnv, AWS_CONFIG_FILE: path.join(tmp, 'no-config'), AWS_ENDPOINT_URL: endpoint };
  const aws = (...args) => run('aws', ['--endpoint-url', endpoint, '--output', 'json', ...args], { env: awsEnv, timeoutMs: 30000 });
  const s3v4 = (...args) => run(S3V4, [...args, '--path-style'], { env: s3v4Env });

  const runId = `${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
  const bucket = `product-photos-ai-${runId}`;
  const key = `originals/${runId}/product photo.jpg`;
  const refusedKeys = REFUSED_ORIGINS.map((o, i) => `refused/${runId}/origin-${i + 1}.jpg`);
  info(`bucket ${bucket}`);

  let bucketCreated = false;
  let context = null;
  let servers = [];
  let cleanupPromise = null;
  const cleanup = () => (cleanupPromise ??= doCleanup());

  async function doCleanup() {
    if (context) {
      await withTimeout(context.close(), 10000, 'closing chromium').catch((e) => info(String(e.message)));
    }
    stopServers(servers);
    if (bucketCreated && !KEEP) {
      for (const k of [key, ...refusedKeys]) {
        const r = await s3v4('rm', `s3://${bucket}/${k}`);
        if (r.code !== 0) info(`rm ${k}: exit ${r.code}: ${r.stderr.trim()}`);
      }
      const r = await aws('s3api', 'delete-bucket', '--bucket', bucket);
      check('cleanup: objects and bucket deleted', r.code === 0, r.stderr.trim());
    } else if (KEEP) {
      info(`kept bucket ${bucket} (S3V4_BROWSER_KEEP=1)`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  // Hard limit for the whole run: close the browser, so that whatever the page
  // is doing fails and the run goes on to the clean-up; exit if even that hangs.
  let timedOut = false;
  const notTimedOut = () => {
    if (timedOut) throw new Error(`time limit of ${HARD_LIMIT_MS / 1000} s reached`);
  };
  const watchdog = setTimeout(() => {
    timedOut = true;
    check(`finished within ${HARD_LIMIT_MS / 1000} s`, false);
    if (context) context.close().catch(() => {});
    setTimeout(() => {
      console.log('FAIL clean-up did not finish within 30 s of the time limit');
      console.log(`${passed} passed, ${failed + 1} failed`);
      process.exit(1);
    }, 30000);
  }, HARD_LIMIT_MS);

  try {
    // -- 0. fixtures
    const pageB64 = [...html.matchAll(/^\s*'([A-Za-z0-9+/=]*)' \+$/gm)].map((m) => m[1]).join('');
    check('the page embeds exactly fixtures/tiny.jpg', Buffer.from(pageB64, 'base64').equals(jpeg),
      `page base64 decodes to ${Buffer.from(pageB64, 'base64').length} bytes, fixture is ${jpeg.length}`);
    info(`JPEG ${jpeg.length} bytes, MD5 ${md5}`);

    // -- 1. bucket with the CORS configuration
    let r = await aws('s3api', 'create-bucket', '--bucket', bucket);
    if (!check('create bucket (aws s3api create-bucket)', r.code === 0, r.stderr.trim())) return;
    bucketCreated = true;
    notTimedOut();
    const cors = {
      CORSRules: [{
        AllowedHeaders: ['*'],
        AllowedMethods: ['GET', 'PUT', 'POST'],
        AllowedOrigins: [ALLOWED_ORIGIN],
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 3000,
      }],
    };
    const corsFile = path.join(tmp, 'cors.json');
    fs.writeFileSync(corsFile, JSON.stringify(cors));
    r = await aws('s3api', 'put-bucket-cors', '--bucket', bucket, '--cors-configuration', `file://${corsFile}`);
    if (!check('put-bucket-cors', r.code === 0, r.stderr.trim())) return;
    r = await aws('s3api', 'get-bucket-cors', '--bucket', bucket);
    let stored = null;
    try { stored = JSON.parse(r.stdout); } catch { /* reported below */ }
    check('get-bucket-cors returns the configuration as put',
      r.code === 0 && JSON.stringify(stored) === JSON.stringify(cors), r.stdout.trim() || r.stderr.trim());

    // -- 2. presigned URLs (s3v4, offline)
    const presign = async (k, ...opts) => {
      const res = await s3v4('presign', `s3://${bucket}/${k}`, ...opts);
      if (res.code !== 0) throw new Error(`s3v4 presign s3://${bucket}/${k} failed (exit ${res.code}): ${res.stderr.trim()}`);
      return res.stdout.trim();
    };
    const putUrl = await presign(key, '--method', 'PUT', '--content-type', 'image/jpeg', '--expires', '600');
    const getUrl = await presign(key, '--expires', '600');
    const refusedPutUrls = [];
    for (const k of refusedKeys) {
      refusedPutUrls.push(await presign(k, '--method', 'PUT', '--content-type', 'image/jpeg', '--expires', '600'));
    }
    info(`PUT URL ${putUrl}`);
    notTimedOut();

    // -- 3. page servers and browser
    servers = [
      ...(await startPageServer(PAGE_PORT, html)),
      ...(await startPageServer(OTHER_PORT, html)),
    ];
    const userDataDir = path.join(tmp, 'chromium-profile');
    fs.mkdirSync(userDataDir);
    const t0 = Date.now();
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30000,
      viewport: { width: 800, height: 500 },
    });
    context.setDefaultTimeout(15000);
    notTimedOut();
    const page = context.pages()[0] || await context.newPage();

    // What the browser said and sent: console messages (CORS errors are logged
    // there) and, through a CDP session, the preflight requests and their answers.
    let consoleLines = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const version = await cdp.send('Browser.getVersion');
    info(`${version.product} (${version.userAgent}) started in ${Date.now() - t0} ms`);
    let preflights = new Map(); // requestId -> {path, status, acao, acam, acah}
    // PUTs by requestId -> {path, status (null: no response), failed, corsError}. DevTools
    // reports the PUT request before its preflight, even one that is never sent,
    // so "sent" is judged by whether a response came back.
    let puts = new Map();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.method === 'OPTIONS' || e.type === 'Preflight') {
        preflights.set(e.requestId, { path: new URL(e.request.url).pathname, status: null, acao: null });
      } else if (e.request.method === 'PUT') {
        puts.set(e.requestId, { path: new URL(e.request.url).pathname, status: null, failed: null, corsError: null });
      }
    });
    cdp.on('Network.loadingFailed', (e) => {
      const p = puts.get(e.requestId);
      if (!p) return;
      p.failed = e.errorText;
      if (e.corsErrorStatus) p.corsError = e.corsErrorStatus.corsError;
    });
    cdp.on('Network.responseReceived', (e) => {
      const put = puts.get(e.requestId);
      if (put) put.status = e.response.status;
      const p = preflights.get(e.requestId);
      if (!p) return;
      p.status = e.response.status;
      const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      p.acao = h['access-control-allow-origin'] ?? null;
      p.acam = h['access-control-allow-methods'] ?? null;
      p.acah = h['access-control-allow-headers'] ?? null;
    });
    // The preflights and PUTs the browser sent for URL since the last call.
    const takeRequests = (url) => {
      const p0 = new URL(url).pathname;
      const seen = {
        preflights: [...preflights.values()].filter((p) => p.path === p0),
        puts: [...puts.values()].filter((p) => p.path === p0),
      };
      preflights = new Map();
      puts = new Map();
      return seen;
    };

    const openPage = async (origin) => {
      notTimedOut();
      consoleLines = [];
      await page.goto(`${origin}/upload.html`, { waitUntil: 'load' });
      await page.waitForFunction(() => typeof window.uploadAndShow === 'function');
    };

    // -- 4. allowed origin: upload, ETag, image
    await openPage(ALLOWED_ORIGIN);
    const res = await page.evaluate(([p, g]) => window.uploadAndShow(p, g), [putUrl, getUrl]);
    info(`page ${ALLOWED_ORIGIN}: ${JSON.stringify(res)}`);
    check(`PUT from ${ALLOWED_ORIGIN} succeeded (200)`, res.status === 200 && res.error === null,
      { result: res, console: consoleLines });
    check('page read ETag (exposed by CORS) = quoted MD5 of the JPEG', res.etag === `"${md5}"`,
      `page saw ETag ${JSON.stringify(res.etag)}, expected "${md5}"`);
    check('image shown through the presigned GET URL (img.onload, 16x16)',
      !!res.image && res.image.loaded && res.image.naturalWidth === 16 && res.image.naturalHeight === 16,
      { image: res.image, console: consoleLines });
    const seen = takeRequests(putUrl);
    info(`requests seen: ${JSON.stringify(seen)}`);
    check('browser sent a CORS preflight (OPTIONS) for the PUT and RGW allowed it',
      seen.preflights.length >= 1 &&
      seen.preflights.every((p) => p.status === 200 && p.acao === ALLOWED_ORIGIN), seen);
    if (process.env.S3V4_BROWSER_SCREENSHOT) {
      await page.screenshot({ path: process.env.S3V4_BROWSER_SCREENSHOT });
      info(`screenshot ${process.env.S3V4_BROWSER_SCREENSHOT}`);
    }

    const got = path.join(tmp, 'got.jpg');
    r = await s3v4('get', `s3://${bucket}/${key}`, got);
    check('s3v4 get returns bytes identical to the JPEG',
      r.code === 0 && fs.existsSync(got) && fs.readFileSync(got).equals(jpeg),
      r.code === 0 ? `got ${fs.existsSync(got) ? fs.statSync(got).size : 'no file'} bytes` : `exit ${r.code}: ${r.stderr.trim()}`);

    // -- 5. origins not in AllowedOrigins: the browser must refuse the upload
    for (let i = 0; i < REFUSED_ORIGINS.length; i++) {
      const origin = REFUSED_ORIGINS[i];
      await openPage(origin);
      const bad = await page.evaluate(([p]) => window.uploadAndShow(p, null), [refusedPutUrls[i]]);
      info(`page ${origin}: ${JSON.stringify(bad)}`);
      check(`PUT from ${origin} is refused: fetch rejects with TypeError`,
        bad.status === null && bad.error !== null && bad.error.name === 'TypeError', bad);
      // Chromium logs the CORS verdict to the page's console.
      await sleep(100);
      const corsLine = consoleLines.find((l) => /blocked by CORS policy/.test(l));
      check(`Chromium reports the ${origin} PUT as blocked by CORS policy`, !!corsLine, consoleLines);
      if (corsLine) info(corsLine.replace(/\?X-Amz-[^']*/, '?...'));
      const seenBad = takeRequests(refusedPutUrls[i]);
      info(`requests seen: ${JSON.stringify(seenBad)}`);
      check(`RGW refused the ${origin} preflight (403, no Access-Control-Allow-Origin); the PUT got no response`,
        seenBad.preflights.length >= 1 &&
        seenBad.preflights.every((p) => p.status === 403 && p.acao === null) &&
        seenBad.puts.length === 1 && seenBad.puts[0].status === null && seenBad.puts[0].corsError !== null,
        seenBad);
      const out = path.join(tmp, `refused-${i}.jpg`);
      r = await s3v4('get', `s3://${bucket}/${refusedKeys[i]}`, out);
      check(`object for the refused ${origin} PUT was not created (s3v4 get: NoSuchKey)`,
        r.code === 1 && /NoSuchKey|404/.test(r.stderr) && !fs.existsSync(out),
        `exit ${r.code}: ${r.stderr.trim()}`);
    }
  } catch (e) {
    check('test ran to the end without an exception', false, e && e.stack ? e.stack : String(e));
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
}

const started = Date.now();
await main();
info(`run time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
