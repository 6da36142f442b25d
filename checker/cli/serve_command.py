"""`dhr-check serve`: the self-check page, for agency leads to check a plan in a browser (see checker/web)."""

from __future__ import annotations

import copy
import socket
import sys
from pathlib import Path

import click

from ..config import find_config
from ..errors import DhrCheckError
from ..signals import Stopped
from . import EXIT_BAD_INPUT, _fail, config_option, echo_error, echo_line, main, rules_option

__all__ = ["serve", "LOOPBACK", "TOKEN_VARIABLE"]

LOOPBACK = ("127.0.0.1", "localhost", "::1")
"""Hosts reachable from this machine only: the page may be served there without a token."""

TOKEN_VARIABLE = "DHR_CHECK_TOKEN"
INSTALL = "pip install 'dhr-checker[serve]'"


@main.command()
@config_option
@rules_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.1, localhost or ::1 (this machine only) needs "
                   "--token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port, printed on start).")
@click.option("--token", envvar=TOKEN_VARIABLE, default=None, show_envvar=True,
              help="Access token every request must carry: as the password of the browser's sign-in box (any "
                   "user name), or as 'Authorization: Bearer TOKEN'.")
@click.option("--time-limit", type=click.FloatRange(0.1, 3600), default=30.0, show_default=True,
              help="Seconds one check may take before it is stopped.")
@click.option("--memory-limit", type=click.IntRange(64, 1 << 20), default=1024, show_default=True,
              help="MiB of memory one check may use before it is stopped.")
@click.option("--max-checks", type=click.IntRange(1, 256), default=None,
              help="Checks run at the same time (default: the number of cores); others wait their turn.")
def serve(config_file: Path | None, rules_dir: Path | None, host: str, port: int, token: str | None,
          time_limit: float, memory_limit: int, max_checks: int | None) -> None:
    """Serve the self-check page: choose a plan in the browser, see the findings, download the reports.

    Checks with the same settings as `dhr-check check` (the --config file, or the nearest
    dhr-check.yaml in or above this folder). Nothing uploaded is kept. Serves until Ctrl-C.
    Exit codes: 2 bad settings, options, or an address that cannot be used.
    """
    if token is not None and not token.strip():
        _fail(f"the access token is empty; give --token (or {TOKEN_VARIABLE}) a long random value, or leave it out "
              "when serving on 127.0.0.1 only.")
    if host not in LOOPBACK and token is None:
        _fail(f"--host {host} serves the page beyond this machine, so it needs an access token: add --token TOKEN "
              f"(or set {TOKEN_VARIABLE}) and give the token to colleagues, or serve on 127.0.0.1 behind the "
              "council's HTTPS proxy (README: Self-check in a browser).")
    try:
        import uvicorn
        from ..web import create_app
    except ImportError:
        _fail(f"dhr-check serve needs the web server, which is not installed. Install it with {INSTALL}.")
    if config_file is None:
        config_file = find_config(Path.cwd())
    try:
        app = create_app(config_file, rules_dir, token=token, time_limit=time_limit,
                         memory_limit=memory_limit << 20, max_checks=max_checks)
    except DhrCheckError as error:
        echo_error(error)
        echo_line("dhr-check: the settings or rules could not be loaded; nothing was served.", err=True)
        sys.exit(EXIT_BAD_INPUT)
    listening = _listen(host, port)
    bound = listening.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    echo_line(f"dhr-check serve: http://{shown}:{bound}/", err=True)
    server = uvicorn.Server(uvicorn.Config(app, log_config=_log_config(uvicorn), access_log=False,
                                           server_header=False, lifespan="off"))
    try:
        server.run(sockets=[listening])
    except Stopped as stop:
        echo_line(f"dhr-check serve: stopped by {stop}.", err=True)
        sys.exit(0)


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, bound here so the address printed is the one in use (port 0 included)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                                 flags=socket.AI_PASSIVE)[0]
        listening = socket.socket(family, kind, proto)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(128)
    except OSError as error:
        _fail(f"cannot listen on {host} port {port}: {error.strerror or error}. Choose another --port, or a --host "
              "this machine has.")
    listening.set_inheritable(True)
    return listening


def _log_config(uvicorn) -> dict:
    """uvicorn's own logging (its start-up lines) plus the access log of `checker.web.guard`: method, path, status
    and duration only. uvicorn's access log, which would add the client's address, is off."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["formatters"]["dhr_check"] = {"format": "%(asctime)s %(message)s"}
    config["handlers"]["dhr_check"] = {"class": "logging.StreamHandler", "formatter": "dhr_check",
                                       "stream": "ext://sys.stderr"}
    config["loggers"]["dhr_check.web"] = {"handlers": ["dhr_check"], "level": "INFO", "propagate": False}
    return config
