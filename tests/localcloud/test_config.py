"""The local cloud takes exactly the environment names the Terraform root takes (tools/envname)."""

import pytest

from localcloud.config import Config, ConfigError


@pytest.mark.parametrize("name", ["pr-", "a--b", "Local", "x" * 21, "1st"])
def test_names_terraform_rejects_are_refused_before_anything_starts(name):
    with pytest.raises(ConfigError, match=repr(name)):
        Config.from_environ(env=name)


@pytest.mark.parametrize("name", ["local", "pr-42", "e2e", "a"])
def test_names_terraform_takes_are_taken(name):
    assert Config.from_environ(env=name).env == name
