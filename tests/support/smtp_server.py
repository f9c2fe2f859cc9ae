#!/usr/bin/env python3
"""A real SMTP server for the mail tests (aiosmtpd, Debian python3-aiosmtpd).

Listens on HOST (default 127.0.0.1) on a free port, prints "port N" on stdout when ready, and writes every
accepted message to OUT as NNNN.eml (the bytes received) and NNNN.json (envelope and the message as Python's
email package parses it), each file complete before it appears. Runs until killed.

Modes:
  --refuse ADDR        answer RCPT TO:<ADDR> with 550 (repeatable)
  --auth USER:PASS     require AUTH with these credentials (PLAIN and LOGIN); each attempt is logged to
                       OUT/../auth.log (mechanism and whether TLS was on, never the password)
  --starttls           offer STARTTLS with a fresh self-signed certificate for localhost, 127.0.0.1 and HOST,
                       written to OUT/../cert.pem (trust it with that file); --require-tls refuses mail without it
  --implicit-tls       TLS from the first byte (smtps://), same certificate
  --hang PHASE:N       on the N-th message, stop answering: at "rcpt" (before accepting the recipient) or at
                       "data" (after storing the message, before the final reply). Writes OUT/../hanging first.
  --delay SECONDS      wait this long before accepting each message (to make two senders overlap)
"""

import argparse
import asyncio
import base64
import email
import email.policy
import email.utils
import json
import os
import ssl
import subprocess
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def make_certificate(folder, host):
    cert = os.path.join(folder, "cert.pem")
    key = os.path.join(folder, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:" + host],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def structure(part):
    if part.is_multipart():
        inner = ",".join(structure(p) for p in part.iter_parts())
        return f"{part.get_content_type()}({inner})"
    return part.get_content_type()


def describe(part):
    out = {
        "content_type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "disposition": part.get_content_disposition(),
        "filename": part.get_filename(),
        "content_id": part.get("Content-ID"),
        "transfer_encoding": part.get("Content-Transfer-Encoding"),
    }
    if part.get_content_maintype() == "text":
        out["text"] = part.get_content()
    else:
        out["data_base64"] = base64.b64encode(part.get_payload(decode=True) or b"").decode("ascii")
    return out


def uses_tls(server):
    return server.transport.get_extra_info("ssl_object") is not None


def analyse(raw, envelope, tls, auth_user):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\r\n")
    defects = [type(d).__name__ for part in message.walk() for d in part.defects]
    try:
        date = email.utils.parsedate_to_datetime(message["Date"]).isoformat()
    except (TypeError, ValueError):
        date = None
    related = [p for p in message.walk() if p.get_content_type() == "multipart/related"]
    return {
        "mail_from": envelope.mail_from,
        "rcpt_tos": envelope.rcpt_tos,
        "tls": tls,
        "auth_user": auth_user,
        "from": str(message["From"]),
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "date": date,
        "message_id": message["Message-ID"],
        "auto_submitted": message["Auto-Submitted"],
        "structure": structure(message),
        "related_type": related[0].get_param("type") if related else None,
        "parts": [describe(p) for p in message.walk() if not p.is_multipart()],
        "defects": defects,
        "max_line_length": max((len(line) for line in lines), default=0),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    }


class Handler:
    def __init__(self, args):
        self.args = args
        self.out = args.out
        self.count = 0   # messages begun (MAIL FROM)
        self.stored = 0  # messages written
        self.hang_phase, self.hang_at = (args.hang.split(":")[0], int(args.hang.split(":")[1])) if args.hang else (None, 0)
        self.logins = {}  # not auth_*: aiosmtpd takes handler attributes named so for mechanisms

    async def hang(self):
        with open(os.path.join(os.path.dirname(self.out), "hanging"), "w") as marker:
            marker.write(f"{self.hang_phase}:{self.count}\n")
        await asyncio.sleep(3600)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.count += 1
        session.message_number = self.count
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hang_phase == "rcpt" and session.message_number == self.hang_at:
            await self.hang()
        if address in self.args.refuse:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.delay:
            await asyncio.sleep(self.args.delay)
        raw = envelope.original_content
        self.stored += 1
        name = os.path.join(self.out, "%04d" % self.stored)
        auth_user = self.logins.get(id(session))
        info = analyse(raw, envelope, uses_tls(server), auth_user)
        for suffix, data in ((".eml", raw), (".json", json.dumps(info, indent=1).encode("utf-8"))):
            with open(name + suffix + ".tmp", "wb") as f:
                f.write(data)
            os.replace(name + suffix + ".tmp", name + suffix)  # .json last: its presence means both are there
        if self.hang_phase == "data" and session.message_number == self.hang_at:
            await self.hang()
        return "250 2.0.0 queued as %04d" % self.stored

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        user, password = self.args.auth.split(":", 1)
        with open(os.path.join(os.path.dirname(self.out), "auth.log"), "a") as log:
            log.write("%s tls=%s\n" % (mechanism, uses_tls(server)))
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
            and auth_data.password.decode() == password
        if ok:
            self.logins[id(session)] = user
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 235 or 535


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--auth")
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--require-tls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--hang")
    parser.add_argument("--delay", type=float, default=0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    handler = Handler(args)
    context = make_certificate(os.path.dirname(args.out), args.host) if args.starttls or args.implicit_tls else None
    options = dict(
        hostname="mail.test", ident="moodboard test server", decode_data=False,
        auth_required=bool(args.auth), auth_require_tls=args.require_tls,
        authenticator=handler.authenticator if args.auth else None,
    )
    if args.starttls:
        options.update(tls_context=context, require_starttls=args.require_tls)

    def factory():
        return SMTP(handler, **options)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, args.host, 0, ssl=context if args.implicit_tls else None)
    print("port %d" % server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
