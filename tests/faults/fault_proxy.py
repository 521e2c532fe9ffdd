"""Fault-injecting HTTP/1.1 proxy for the s3v4 reliability tests.

Python 3 standard library only.  Runs in background threads inside the test
script and listens on 127.0.0.1 only.

    from fault_proxy import FaultProxy
    p = FaultProxy(upstream="http://127.0.0.1:PORT")
    p.start()                  # p.url -> "http://127.0.0.1:NNNN"
    p.set_faults([{"fault": "slowdown", "method": "PUT", "times": 2}])
    ...                        # point the client at p.url
    p.requests                 # [(method, target, status, fault_name), ...]
    p.count(method="PUT", path_contains="/s3v4-test/")
    p.stop()

Requests are forwarded byte-for-byte (request line, target, header order and
spelling, Host header, body) over a fresh upstream connection per request;
the client side keeps its connection alive across requests.

Fault rules are dicts.  Common keys:
    "fault"          rule name (see below)
    "method"         only requests with this method (case-insensitive)
    "path_contains"  only requests whose raw request target (path + query,
                     exactly as received, still percent-encoded) contains it
    "times"          fire for the first N matching requests (default 1);
                     -1 = always
Rules are tried in list order; the first rule that matches and still has
"times" left fires and uses one of them.  The conditional rules
(time_too_skewed, wrong_region, redirect_region) only count as matching when
their condition holds; otherwise the next rule is tried and, if none fires,
the request is forwarded.

Rules:
    reset_after       {"bytes": N} forward; send the first N bytes of the
                      upstream response (head + body, counted from the
                      status line), wait until the client has ACKed them,
                      then close with SO_LINGER 0 (TCP RST).
    stall             {"seconds": S} read the request, send nothing for S
                      seconds, then close (FIN).
    slowdown          503 SlowDown S3 XML error; {"retry_after": secs} adds
                      a Retry-After header.
    status            {"status": 500, "code": "InternalError",
                      "message": optional} S3 XML error with that status.
    truncate          {"bytes": N} forward; send the head unchanged (real
                      Content-Length) and only N body bytes, then close (FIN).
    html_502          502 with a text/html load-balancer page.
    delay             {"seconds": S} forward; wait S seconds before sending
                      any of the response.
    skew_date         {"seconds": S} forward; Date header := now+S.
    time_too_skewed   {"server_offset": S, "max_skew": 900} if the request's
                      X-Amz-Date (header, else query, else Date header)
                      differs from now+S by more than max_skew seconds:
                      403 RequestTimeTooSkewed, Date header now+S.
    wrong_region      {"region": R} if the credential scope region (from
                      Authorization or X-Amz-Credential) != R: 400
                      AuthorizationHeaderMalformed with <Region>R</Region>
                      (plus x-amz-bucket-region: R unless "header": False).
    redirect_region   {"region": R, "endpoint": optional} same condition:
                      301 PermanentRedirect with <Bucket>, <Endpoint> and
                      x-amz-bucket-region: R.
    close_early_http10  forward; answer "HTTP/1.0 200 OK" (or "status") with
                      the upstream headers minus Content-Length,
                      Transfer-Encoding and Connection, half of the body (or
                      "bytes": N), then close (FIN).
Synthesised responses keep the client connection alive (after reading and
discarding the request body), except when the request carried
"Expect: 100-continue": then the body is never read and the connection is
closed after the response.
"""

import base64
import calendar
import email.utils
import fcntl
import http
import itertools
import os
import re
import socket
import struct
import termios
import threading
import time
import urllib.parse

__all__ = ["FaultProxy", "FAULT_NAMES"]

FAULT_NAMES = (
    "reset_after", "stall", "slowdown", "status", "truncate", "html_502",
    "delay", "skew_date", "time_too_skewed", "wrong_region",
    "redirect_region", "close_early_http10",
)

_MAX_HEAD = 256 * 1024
_IO_CHUNK = 256 * 1024


class _ClientGone(Exception):
    """The client closed or reset its connection."""


class _BadRequest(Exception):
    pass


# --------------------------------------------------------------- helpers

def _http_date(ts):
    return email.utils.formatdate(ts, usegmt=True)


def _iso8601(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _reason(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _xml_escape(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def _request_id():
    return os.urandom(8).hex().upper()


def _host_id():
    return base64.b64encode(os.urandom(48)).decode("ascii")


def _s3_error_xml(code, message, extra=(), request_id=None, host_id=None):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<Error>',
             "<Code>%s</Code>" % _xml_escape(code),
             "<Message>%s</Message>" % _xml_escape(message)]
    for name, value in extra:
        parts.append("<%s>%s</%s>" % (name, _xml_escape(value), name))
    parts.append("<RequestId>%s</RequestId>" % (request_id or _request_id()))
    parts.append("<HostId>%s</HostId>" % (host_id or _host_id()))
    parts.append("</Error>")
    return "".join(parts).encode("utf-8")


def _parse_amz_date(value):
    """'20240101T000000Z' -> epoch seconds, or None."""
    try:
        return calendar.timegm(time.strptime(value.strip(), "%Y%m%dT%H%M%SZ"))
    except (ValueError, AttributeError):
        return None


def _parse_http_date(value):
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


class _Head:
    """A parsed request or response head that keeps the raw bytes."""

    def __init__(self, raw, first_line, headers):
        self.raw = raw                  # bytes incl. the final CRLFCRLF
        self.first_line = first_line    # str without CRLF
        self.headers = headers          # [(name, value)] in order, as sent

    def get(self, name, default=None):
        lname = name.lower()
        for k, v in self.headers:
            if k.lower() == lname:
                return v
        return default

    def get_all(self, name):
        lname = name.lower()
        return [v for k, v in self.headers if k.lower() == lname]

    def has_token(self, name, token):
        token = token.lower()
        for v in self.get_all(name):
            if token in [t.strip().lower() for t in v.split(",")]:
                return True
        return False

    def is_chunked(self):
        te = self.get_all("Transfer-Encoding")
        if not te:
            return False
        last = ",".join(te).split(",")[-1].strip().lower()
        return last == "chunked"

    def content_length(self):
        v = self.get("Content-Length")
        if v is None:
            return None
        v = v.split(",")[0].strip()
        if not v.isdigit():
            raise _BadRequest("bad Content-Length %r" % v)
        return int(v)


def _read_head(rfile, allow_eof):
    """Read lines up to and including the blank line.  Returns _Head, or None
    on a clean EOF before any byte when allow_eof."""
    raw = bytearray()
    lines = []
    while True:
        line = rfile.readline(_MAX_HEAD + 1)
        if not line:
            if not raw and allow_eof:
                return None
            raise _ClientGone("EOF inside head")
        if not raw and line in (b"\r\n", b"\n"):
            continue    # tolerate stray CRLF between requests (RFC 9112 2.2)
        raw += line
        if len(raw) > _MAX_HEAD:
            raise _BadRequest("head too large")
        if line in (b"\r\n", b"\n"):
            break
        lines.append(line.rstrip(b"\r\n").decode("latin-1"))
    headers = []
    for ln in lines[1:]:
        if ln[:1] in (" ", "\t") and headers:   # obsolete line folding
            k, v = headers[-1]
            headers[-1] = (k, v + " " + ln.strip())
            continue
        if ":" not in ln:
            raise _BadRequest("bad header line %r" % ln)
        k, v = ln.split(":", 1)
        headers.append((k.strip(), v.strip()))
    return _Head(bytes(raw), lines[0] if lines else "", headers)


def _iter_body(rfile, framing, length=None):
    """Yield the body's wire bytes (chunk framing included for chunked).
    framing: 'none' | 'length' | 'chunked' | 'close'."""
    if framing == "none":
        return
    if framing == "length":
        left = length
        while left > 0:
            data = rfile.read1(min(left, _IO_CHUNK))
            if not data:
                raise _ClientGone("EOF inside body (%d bytes short)" % left)
            left -= len(data)
            yield data
        return
    if framing == "close":
        while True:
            data = rfile.read1(_IO_CHUNK)
            if not data:
                return
            yield data
    # chunked
    while True:
        line = rfile.readline(4096)
        if not line:
            raise _ClientGone("EOF at chunk size")
        yield line
        size_s = line.split(b";", 1)[0].strip()
        try:
            size = int(size_s, 16)
        except ValueError:
            raise _BadRequest("bad chunk size %r" % line)
        if size == 0:
            while True:    # trailers until the blank line
                t = rfile.readline(_MAX_HEAD)
                if not t:
                    raise _ClientGone("EOF in trailers")
                yield t
                if t in (b"\r\n", b"\n"):
                    return
        left = size + 2    # data + CRLF
        while left > 0:
            data = rfile.read1(min(left, _IO_CHUNK))
            if not data:
                raise _ClientGone("EOF inside chunk")
            left -= len(data)
            yield data


def _decode_chunked_wire(wire):
    """Decode a complete chunked body (wire bytes) into payload bytes."""
    out = bytearray()
    pos = 0
    while True:
        eol = wire.index(b"\n", pos)
        size = int(wire[pos:eol].split(b";", 1)[0].strip(), 16)
        pos = eol + 1
        if size == 0:
            return bytes(out)
        out += wire[pos:pos + size]
        pos += size + 2


def _request_framing(head):
    if head.is_chunked():
        return "chunked", None
    n = head.content_length()
    if n:
        return "length", n
    return "none", None


def _response_framing(head, method):
    try:
        status = int(head.first_line.split(None, 2)[1])
    except (IndexError, ValueError):
        raise _BadRequest("bad upstream status line %r" % head.first_line)
    if method == "HEAD" or 100 <= status < 200 or status in (204, 304):
        return status, "none", None
    if head.is_chunked():
        return status, "chunked", None
    n = head.content_length()
    if n is not None:
        return status, ("length" if n else "none"), n
    return status, "close", None


def _rebuild_head(first_line, headers):
    out = [first_line]
    out += ["%s: %s" % (k, v) for k, v in headers]
    return ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")


def _credential_region(head, target):
    auth = head.get("Authorization") or ""
    m = re.search(r"Credential=([^,\s]+)", auth)
    cred = m.group(1) if m else None
    if cred is None:
        q = urllib.parse.urlsplit(target).query
        for k, v in urllib.parse.parse_qsl(q, keep_blank_values=True):
            if k.lower() == "x-amz-credential":
                cred = v
                break
    if not cred:
        return None
    parts = cred.split("/")
    # AKID/DATE/REGION/SERVICE/aws4_request (the key id has no '/')
    return parts[2] if len(parts) >= 5 else None


def _request_time(head, target):
    """(epoch, raw string) of the request's signing time, or (None, None)."""
    v = head.get("X-Amz-Date")
    if v:
        return _parse_amz_date(v), v
    q = urllib.parse.urlsplit(target).query
    for k, val in urllib.parse.parse_qsl(q, keep_blank_values=True):
        if k.lower() == "x-amz-date":
            return _parse_amz_date(val), val
    v = head.get("Date")
    if v:
        return _parse_http_date(v), v
    return None, None


def _bucket_of(head, target):
    """Bucket name: from a virtual-hosted Host (BUCKET.domain, not an IP
    address), else the first path segment."""
    host = (head.get("Host") or "").strip().lower()
    if host.startswith("["):
        host = ""   # IPv6 literal
    host = host.rsplit(":", 1)[0]
    if "." in host and not re.match(r"^[\d.]+$", host):
        return host.split(".", 1)[0]
    path = urllib.parse.urlsplit(target).path
    return urllib.parse.unquote(path.lstrip("/").split("/", 1)[0])


# --------------------------------------------------------------- the proxy

class FaultProxy:
    def __init__(self, upstream, host="127.0.0.1", port=0,
                 upstream_timeout=120.0, verbose=False):
        u = urllib.parse.urlsplit(upstream)
        if u.scheme != "http" or not u.hostname:
            raise ValueError("upstream must be http://HOST:PORT, got %r"
                             % upstream)
        self.upstream = upstream
        self._up_addr = (u.hostname, u.port or 80)
        self._bind = (host, port)
        self.upstream_timeout = upstream_timeout
        self.verbose = verbose
        self._lock = threading.Lock()
        self._rules = []
        self._records = []
        self._conn_ids = itertools.count(1)
        self._stop = threading.Event()
        self._lsock = None
        self._thread = None
        self._conns = {}       # conn_id -> (socket, thread)
        self.url = None
        self.port = None

    # ------------------------------------------------------------ lifecycle
    def start(self):
        if self._lsock is not None:
            return self
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(self._bind)
        s.listen(64)
        s.settimeout(0.1)
        self._lsock = s
        self.port = s.getsockname()[1]
        self.url = "http://%s:%d" % (self._bind[0], self.port)
        self._stop.clear()
        self._thread = threading.Thread(target=self._accept_loop,
                                        name="fault-proxy-accept", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout=5.0):
        """Stop accepting, abort all open connections (stalls included) and
        wait for the handler threads."""
        if self._lsock is None:
            return
        self._stop.set()
        self._thread.join(timeout)
        self._lsock.close()
        self._lsock = None
        with self._lock:
            conns = list(self._conns.values())
        for sock, _ in conns:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        deadline = time.monotonic() + timeout
        for _, th in conns:
            th.join(max(0.0, deadline - time.monotonic()))

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ------------------------------------------------------------ rules / log
    def set_faults(self, rules):
        """Replace the rule list (each rule's "times" counter starts over)."""
        new = []
        for r in rules or []:
            r = dict(r)
            name = r.get("fault")
            if name not in FAULT_NAMES:
                raise ValueError("unknown fault %r" % (name,))
            r.setdefault("times", 1)
            r["_left"] = r["times"]
            new.append(r)
        with self._lock:
            self._rules = new

    def clear_faults(self):
        self.set_faults([])

    def pending_faults(self):
        """Rules that still have 'times' left (copies, -1 rules included)."""
        with self._lock:
            return [{k: v for k, v in r.items() if k != "_left"}
                    for r in self._rules if r["_left"] != 0]

    @property
    def requests(self):
        """[(method, target, status_returned, fault_name_or_None)].
        status is None when no status line was sent (stall, early reset)."""
        with self._lock:
            return [(r["method"], r["path"], r["status"], r["fault"])
                    for r in self._records]

    @property
    def records(self):
        """Dict per request: method, path, status, fault, conn (connection
        number, equal for requests on one kept-alive client connection),
        headers [(name, value)] as received, time (epoch)."""
        with self._lock:
            return [dict(r) for r in self._records]

    def count(self, method=None, path_contains=None, fault=None):
        n = 0
        for m, p, _, f in self.requests:
            if method is not None and m != method.upper():
                continue
            if path_contains is not None and path_contains not in p:
                continue
            if fault is not None and f != fault:
                continue
            n += 1
        return n

    def reset_log(self):
        with self._lock:
            self._records = []

    # ------------------------------------------------------------ internals
    def _log(self, *a):
        if self.verbose:
            print("[fault_proxy]", *a, flush=True)

    def _accept_loop(self):
        while not self._stop.is_set():
            try:
                csock, _ = self._lsock.accept()
            except socket.timeout:
                continue
            except OSError:
                if self._stop.is_set():
                    return
                time.sleep(0.05)
                continue
            csock.settimeout(None)
            csock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            cid = next(self._conn_ids)
            th = threading.Thread(target=self._serve_conn, args=(csock, cid),
                                  name="fault-proxy-%d" % cid, daemon=True)
            with self._lock:
                self._conns[cid] = (csock, th)
            th.start()

    def _pick_rule(self, method, target, head):
        now = time.time()
        with self._lock:
            for r in self._rules:
                if r["_left"] == 0:
                    continue
                if r.get("method") and r["method"].upper() != method:
                    continue
                if r.get("path_contains") and r["path_contains"] not in target:
                    continue
                if not self._condition(r, head, target, now):
                    continue
                if r["_left"] > 0:
                    r["_left"] -= 1
                return dict(r)
        return None

    @staticmethod
    def _condition(rule, head, target, now):
        name = rule["fault"]
        if name == "time_too_skewed":
            ts, _ = _request_time(head, target)
            if ts is None:
                return False
            server = now + float(rule.get("server_offset", 0))
            return abs(ts - server) > float(rule.get("max_skew", 900))
        if name in ("wrong_region", "redirect_region"):
            region = _credential_region(head, target)
            return region is not None and region != rule.get("region",
                                                             "us-east-1")
        return True

    def _serve_conn(self, csock, cid):
        rfile = csock.makefile("rb", buffering=_IO_CHUNK)
        how = "close"
        try:
            while not self._stop.is_set():
                head = _read_head(rfile, allow_eof=True)
                if head is None:
                    break
                how = self._handle_request(csock, rfile, head, cid)
                if how != "keep":
                    break
        except (_ClientGone, ConnectionError, BrokenPipeError, OSError) as e:
            self._log("conn %d: %s" % (cid, e))
            how = "close"
        except _BadRequest as e:
            self._log("conn %d: bad request: %s" % (cid, e))
            try:
                body = _s3_error_xml("BadRequest", str(e))
                csock.sendall(self._synth_head(400, "application/xml",
                                               len(body), close=True) + body)
            except OSError:
                pass
            how = "close"
        finally:
            rfile.close()   # drop the makefile reference first, or the fd
            self._finish(csock, how)    # stays open after sock.close()
            with self._lock:
                self._conns.pop(cid, None)

    def _finish(self, csock, how):
        """how: 'reset' -> RST, anything else -> orderly close (FIN)."""
        try:
            if how == "reset":
                self._wait_acked(csock, 3.0)
                csock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                 struct.pack("ii", 1, 0))
            else:
                try:
                    csock.shutdown(socket.SHUT_WR)
                    # Drain what the client still sends so that close() does
                    # not turn into an RST because of unread data.
                    csock.settimeout(1.0)
                    end = time.monotonic() + 1.0
                    while time.monotonic() < end:
                        if not csock.recv(65536):
                            break
                except OSError:
                    pass
        finally:
            csock.close()

    def _wait_acked(self, csock, timeout):
        """Wait until the kernel send queue is empty (all bytes ACKed by the
        client), so that the RST does not discard unsent data."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                buf = fcntl.ioctl(csock.fileno(), termios.TIOCOUTQ,
                                  struct.pack("i", 0))
                if struct.unpack("i", buf)[0] == 0:
                    return
            except OSError:
                return
            time.sleep(0.005)

    @staticmethod
    def _synth_head(status, ctype, length, close=False, extra=(),
                    date_ts=None, version="HTTP/1.1"):
        hdrs = [("x-amz-request-id", _request_id()),
                ("x-amz-id-2", _host_id()),
                ("Date", _http_date(date_ts if date_ts is not None
                                    else time.time()))]
        hdrs += list(extra)
        if ctype:
            hdrs.append(("Content-Type", ctype))
        hdrs.append(("Content-Length", str(length)))
        hdrs.append(("Server", "AmazonS3"))
        if close:
            hdrs.append(("Connection", "close"))
        return _rebuild_head("%s %d %s" % (version, status, _reason(status)),
                             hdrs)

    def _record(self, cid, method, target, head, fault):
        rec = {"method": method, "path": target, "status": None,
               "fault": fault, "conn": cid, "headers": list(head.headers),
               "time": time.time()}
        with self._lock:
            self._records.append(rec)
        return rec

    def _set_status(self, rec, status):
        with self._lock:
            rec["status"] = status

    def _handle_request(self, csock, rfile, head, cid):
        parts = head.first_line.split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            raise _BadRequest("bad request line %r" % head.first_line)
        method, target, version = parts[0].upper(), parts[1], parts[2]
        client_close = head.has_token("Connection", "close") or (
            version == "HTTP/1.0"
            and not head.has_token("Connection", "keep-alive"))
        expect = head.has_token("Expect", "100-continue")
        framing, length = _request_framing(head)

        rule = self._pick_rule(method, target, head)
        name = rule["fault"] if rule else None
        rec = self._record(cid, method, target, head, name)
        self._log("conn %d: %s %s -> %s" % (cid, method, target, name))

        def discard_body():
            # Read (and drop) the request body so the connection stays usable.
            # With Expect: 100-continue the client has not sent it: we answer
            # without reading and close afterwards.
            if expect:
                return False
            for _ in _iter_body(rfile, framing, length):
                pass
            return True

        def send_synth(status, body, ctype="application/xml", extra=(),
                       date_ts=None):
            keep = discard_body() and not client_close
            payload = b"" if method == "HEAD" else body
            csock.sendall(self._synth_head(status, ctype, len(body),
                                           close=not keep, extra=extra,
                                           date_ts=date_ts) + payload)
            self._set_status(rec, status)
            return "keep" if keep else "close"

        if name == "stall":
            discard_body()
            self._stop.wait(float(rule.get("seconds", 30)))
            return "close"

        if name == "slowdown":
            extra = []
            if rule.get("retry_after") is not None:
                extra.append(("Retry-After", str(rule["retry_after"])))
            body = _s3_error_xml("SlowDown", "Please reduce your request rate.")
            return send_synth(503, body, extra=extra)

        if name == "status":
            status = int(rule.get("status", 500))
            code = rule.get("code", "InternalError")
            msg = rule.get("message", {
                "InternalError": "We encountered an internal error. "
                                 "Please try again.",
                "ServiceUnavailable": "Please reduce your request rate.",
            }.get(code, "%s (injected by fault_proxy)" % code))
            return send_synth(status, _s3_error_xml(code, msg))

        if name == "html_502":
            body = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
                    b"<body><h1>502 Bad Gateway</h1></body>\r\n</html>\r\n")
            return send_synth(502, body, ctype="text/html")

        if name == "time_too_skewed":
            now = time.time() + float(rule.get("server_offset", 0))
            _, req_raw = _request_time(head, target)
            max_ms = int(float(rule.get("max_skew", 900)) * 1000)
            body = _s3_error_xml(
                "RequestTimeTooSkewed",
                "The difference between the request time and the current "
                "time is too large.",
                extra=[("RequestTime", req_raw), ("ServerTime", _iso8601(now)),
                       ("MaxAllowedSkewMilliseconds", max_ms)])
            return send_synth(403, body, date_ts=now)

        if name == "wrong_region":
            region = rule.get("region", "us-east-1")
            sent = _credential_region(head, target)
            body = _s3_error_xml(
                "AuthorizationHeaderMalformed",
                "The authorization header is malformed; the region '%s' is "
                "wrong; expecting '%s'" % (sent, region),
                extra=[("Region", region)])
            extra = [("x-amz-bucket-region", region)] \
                if rule.get("header", True) else []
            return send_synth(400, body, extra=extra)

        if name == "redirect_region":
            region = rule.get("region", "us-east-1")
            bucket = _bucket_of(head, target)
            endpoint = rule.get("endpoint") or (
                "%s.s3.%s.amazonaws.com" % (bucket, region) if bucket
                else "s3.%s.amazonaws.com" % region)
            body = _s3_error_xml(
                "PermanentRedirect",
                "The bucket you are attempting to access must be addressed "
                "using the specified endpoint. Please send all future "
                "requests to this endpoint.",
                extra=[("Bucket", bucket), ("Endpoint", endpoint)])
            return send_synth(301, body,
                              extra=[("x-amz-bucket-region", region)])

        # ---- everything else involves the upstream
        return self._forward(csock, rfile, head, method, framing, length,
                             expect, client_close, rule, rec)

    def _forward(self, csock, rfile, head, method, framing, length, expect,
                 client_close, rule, rec):
        name = rule["fault"] if rule else None
        try:
            usock = socket.create_connection(self._up_addr,
                                             timeout=self.upstream_timeout)
        except OSError as e:
            self._log("upstream connect failed: %s" % e)
            if not expect:
                for _ in _iter_body(rfile, framing, length):
                    pass
            body = _s3_error_xml("BadGateway", "fault_proxy: upstream %s:%d "
                                 "unreachable: %s" % (self._up_addr + (e,)))
            csock.sendall(self._synth_head(502, "application/xml", len(body),
                                           close=True)
                          + (b"" if method == "HEAD" else body))
            self._set_status(rec, 502)
            return "close"
        usock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        ufile = usock.makefile("rb", buffering=_IO_CHUNK)
        try:
            usock.sendall(head.raw)
            body_sent = not expect or framing == "none"
            resp = None
            if not body_sent:
                # Let the upstream decide: 100 Continue -> relay it and send
                # the body; a final status -> relay that, body never sent.
                resp = _read_head(ufile, allow_eof=False)
                status = int(resp.first_line.split(None, 2)[1])
                if status == 100:
                    csock.sendall(resp.raw)
                    resp = None
                    body_sent = True
            if body_sent and framing != "none":
                for piece in _iter_body(rfile, framing, length):
                    usock.sendall(piece)
            if resp is None:
                resp = _read_head(ufile, allow_eof=False)
                while True:
                    status = int(resp.first_line.split(None, 2)[1])
                    if 100 <= status < 200 and status != 101:
                        csock.sendall(resp.raw)  # interim response: relay it
                        resp = _read_head(ufile, allow_eof=False)
                        continue
                    break
            status, rframing, rlength = _response_framing(resp, method)
            # With Expect and an early final answer the client's body state
            # is unknown: close after this response.
            keep = (body_sent and not client_close and rframing != "close"
                    and not resp.has_token("Connection", "close"))

            if name == "delay":
                self._stop.wait(float(rule.get("seconds", 1)))

            if name == "close_early_http10":
                return self._close_early(csock, ufile, resp, method, rframing,
                                         rlength, rule, rec)

            head_bytes = resp.raw
            if name == "skew_date":
                ts = time.time() + float(rule.get("seconds", 0))
                hdrs = [(k, v) for k, v in resp.headers
                        if k.lower() != "date"]
                # keep the Date header where it was if there was one
                idx = next((i for i, (k, _) in enumerate(resp.headers)
                            if k.lower() == "date"), 0)
                hdrs.insert(idx, ("Date", _http_date(ts)))
                head_bytes = _rebuild_head(resp.first_line, hdrs)

            body = _iter_body(ufile, rframing, rlength)
            if name == "reset_after":
                budget = int(rule.get("bytes", 0))
                self._set_status(rec, status)
                self._send_limited(csock, head_bytes, body, budget)
                return "reset"
            if name == "truncate":
                csock.sendall(head_bytes)
                self._set_status(rec, status)
                self._send_limited(csock, b"", body, int(rule.get("bytes", 0)))
                return "close"

            csock.sendall(head_bytes)
            self._set_status(rec, status)
            for piece in body:
                csock.sendall(piece)
            return "keep" if keep else "close"
        finally:
            ufile.close()
            usock.close()

    @staticmethod
    def _send_limited(csock, first, body_iter, budget):
        """Send `first` then body pieces, at most `budget` bytes in all."""
        for piece in itertools.chain([first], body_iter):
            if budget <= 0:
                return
            piece = piece[:budget]
            if piece:
                csock.sendall(piece)
                budget -= len(piece)

    def _close_early(self, csock, ufile, resp, method, rframing, rlength,
                     rule, rec):
        wire = b"".join(_iter_body(ufile, rframing, rlength))
        body = _decode_chunked_wire(wire) if rframing == "chunked" else wire
        n = int(rule["bytes"]) if rule.get("bytes") is not None \
            else len(body) // 2
        status = int(rule.get("status", 200))
        drop = ("content-length", "transfer-encoding", "connection",
                "keep-alive")
        hdrs = [(k, v) for k, v in resp.headers if k.lower() not in drop]
        hdrs.append(("Connection", "close"))
        csock.sendall(_rebuild_head("HTTP/1.0 %d %s" % (status,
                                                        _reason(status)),
                                    hdrs))
        self._set_status(rec, status)
        if method != "HEAD":
            csock.sendall(body[:n])
        return "close"
