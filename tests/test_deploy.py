"""deploy/ agrees with the code: the settings it sets exist, the commands it runs exist,
the ports the proxy and the health checks reach are the ones the workers listen on, and
the exit codes that stop restarts are the ones that mean "restarting will not help"."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import main
from bot.offices.worker import WorkerSettings
from bot.settings import Settings
from bot.startup import ExitCode

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def compose() -> dict[str, object]:
    loaded = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_the_compose_workers_set_only_real_settings_and_the_proxy_reaches_their_ports() -> None:
    services = compose()["services"]
    assert isinstance(services, dict)
    assert set(services) == {"postgres", "worker", "caddy"}
    worker = services["worker"]
    environment = worker["environment"]
    known = set(WorkerSettings.model_fields) | set(Settings.model_fields)
    assert {key.lower() for key in environment} <= known
    assert environment["DATABASE_URL"].startswith("postgresql+asyncpg://")
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    assert f"dynamic a worker {environment['WEBHOOK_PORT']}" in caddyfile
    # Caddy's active health checks never run for dynamic upstreams: passive ones do.
    assert "health_uri" not in caddyfile and "fail_duration" in caddyfile
    assert "handle /telegram/*" in caddyfile
    # Only the proxy is published; the workers' and PostgreSQL's ports stay inside.
    assert "ports" not in worker and "ports" not in services["postgres"]
    assert f"127.0.0.1:{environment['OPS_PORT']}/readyz" in str(worker["healthcheck"]["test"])


def test_the_image_runs_a_command_main_py_has() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    command = re.search(r'CMD \["python", "main.py", "(\w+)"\]', dockerfile)
    assert command is not None
    assert main.parser().parse_args([command.group(1)]).command == "worker"
    for folder in ("bot", "handlers", "models", "scheduler", "migrations", "web"):
        assert f"COPY {folder} {folder}" in dockerfile


def unit(name: str) -> dict[str, str]:
    lines = (DEPLOY / "systemd" / name).read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_the_systemd_units_run_real_commands_and_stop_restarting_only_when_it_cannot_help() -> (
    None
):
    worker = unit("sinergi-worker@.service")
    single = unit("sinergi.service")
    assert worker["ExecStart"].endswith("main.py worker")
    assert single["ExecStart"].endswith("main.py run")
    for service in (worker, single):
        command = service["ExecStart"].split("main.py ", 1)[1].split()
        assert main.parser().parse_args(command).command == command[0]
    codes = {int(code) for code in worker["RestartPreventExitStatus"].split()}
    assert codes == {ExitCode.SETTINGS, ExitCode.WEBHOOK_PORT}
    codes = {int(code) for code in single["RestartPreventExitStatus"].split()}
    assert codes == {ExitCode.SETTINGS, ExitCode.ANOTHER_INSTANCE, ExitCode.TOKEN_REJECTED}
    # Each hosted office keeps up to concurrent_updates + send_concurrency + 2 sockets to
    # Telegram open at a peak: a province of 40 offices passes systemd's soft limit of 1024.
    defaults = Settings()
    per_office = defaults.concurrent_updates + defaults.send_concurrency + 2
    assert int(worker.get("LimitNOFILE", "1024")) >= 100 * per_office
    # Graceful stops: longer than the sender's 10 s grace for the messages in flight.
    assert int(worker["TimeoutStopSec"]) > 10 and worker["KillSignal"] == "SIGTERM"


def test_the_example_env_files_name_real_settings_and_every_variable_compose_needs() -> None:
    from dotenv import dotenv_values

    worker = dotenv_values(DEPLOY / "systemd" / "worker.env.example")
    assert {key.lower() for key in worker} <= set(WorkerSettings.model_fields) | set(
        Settings.model_fields
    )
    province = dotenv_values(DEPLOY / "province.env.example")
    text = (DEPLOY / "docker-compose.yml").read_text() + (DEPLOY / "Caddyfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    needed = set(re.findall(r"\$\{([A-Z_]+)", "\n".join(lines)))
    assert needed == set(province), needed ^ set(province)
