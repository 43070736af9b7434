"""python -m localcloud's command line, as mk/localcloud.mk calls it."""

from __future__ import annotations

import pytest

from localcloud.__main__ import cli, parse


@pytest.mark.parametrize(
    ("argv", "env", "args"),
    [
        # make local-manage CMD="load_demo --reset-stock"
        (["manage", "--env", "pr-e2e", "--", "load_demo", "--reset-stock"], "pr-e2e",
         ["load_demo", "--reset-stock"]),
        (["--env", "pr-1", "manage", "--", "migrate", "--env", "x"], "pr-1",
         ["migrate", "--env", "x"]),
        (["manage", "showmigrations", "--env", "local"], "local", ["showmigrations"]),
        (["up", "--env", "pr-2"], "pr-2", []),
    ],
)  # fmt: skip
def test_the_environment_and_the_manage_command(argv, env, args) -> None:
    options = parse(cli(), argv)
    assert (options.env, options.args) == (env, args)


def test_an_unknown_option_before_the_separator_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as refused:
        parse(cli(), ["manage", "--reset-stock", "load_demo"])
    assert refused.value.code == 2
    assert "unrecognized arguments: --reset-stock" in capsys.readouterr().err
