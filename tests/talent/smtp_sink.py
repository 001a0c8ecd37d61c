"""A tiny SMTP server on loopback for tests: speaks just enough SMTP for smtplib and keeps what it receives."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class SmtpSink:
    host: str = "127.0.0.1"
    port: int = 0
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        def send(line: str) -> None:
            writer.write(line.encode() + b"\r\n")

        send("220 sink ready")
        sender, recipients = "", []
        while line := await reader.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].split(":", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                send("250 sink")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip().strip("<>").split(">")[0], []
                send("250 ok")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>").split(">")[0]
                if address in self.refuse:
                    send("550 no such user")
                else:
                    recipients.append(address)
                    send("250 ok")
            elif verb == "DATA":
                send("354 end with .")
                await writer.drain()
                lines = []
                while (chunk := await reader.readline()) not in (b".\r\n", b""):
                    lines.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                parsed = message_from_bytes(b"".join(lines), policy=policy.default)
                assert isinstance(parsed, EmailMessage)
                self.received.append(Received(sender, recipients, parsed))
                send("250 queued")
            elif verb == "RSET":
                sender, recipients = "", []
                send("250 ok")
            elif verb == "QUIT":
                send("221 bye")
                await writer.drain()
                break
            else:
                send("250 ok")
            await writer.drain()
        writer.close()


@contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    """Run a sink on a free loopback port in a background thread for the duration of the block."""
    sink = SmtpSink()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, asyncio.AbstractServer] = {}

    async def start() -> None:
        server = await asyncio.start_server(sink.handle, sink.host, 0)
        sink.port = server.sockets[0].getsockname()[1]
        holder["server"] = server
        ready.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield sink
    finally:
        async def stop() -> None:
            holder["server"].close()
            await holder["server"].wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
