import os
from pathlib import Path

from localcloud.config import Config
from localcloud.environment.terraform import OVERRIDES_DIR, EmulatorTerraform, sync_tree


def write(path: Path, text: str = "# tf\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_mirror_links_sources_copies_overrides_and_skips_the_rest(tmp_path):
    source, overrides, dest = tmp_path / "src", tmp_path / "ovr", tmp_path / "dest"
    write(source / "main.tf")
    write(source / "functions/forwarded_host.js", "function handler(e) {}")
    write(source / "tests/main.tftest.hcl")
    write(source / "terraform.tfvars", 'env = "production"')
    write(source / "prod.auto.tfvars", 'env = "production"')
    write(source / ".terraform/providers/x")
    write(overrides / "x_override.tf", "# emulator\n")
    write(overrides / "README.md")

    sync_tree(source, dest, overrides)

    assert os.readlink(dest / "main.tf") == str(source / "main.tf")
    assert os.readlink(dest / "functions/forwarded_host.js") == str(
        source / "functions/forwarded_host.js"
    )
    assert not (dest / "x_override.tf").is_symlink()
    assert (dest / "x_override.tf").read_text() == "# emulator\n"
    for absent in ("tests", "terraform.tfvars", "prod.auto.tfvars", ".terraform", "README.md"):
        assert not (dest / absent).exists(), absent


def test_a_resync_drops_deleted_files_and_keeps_terraforms_own(tmp_path):
    source, dest = tmp_path / "src", tmp_path / "dest"
    write(source / "main.tf")
    old = write(source / "old.tf")
    sync_tree(source, dest, None)
    write(dest / ".terraform/modules/modules.json", "{}")
    write(dest / "terraform.tfstate", "{}")
    write(dest / ".terraform.lock.hcl", "# lock")
    old.unlink()

    sync_tree(source, dest, None)

    assert not (dest / "old.tf").exists()
    assert (dest / "main.tf").is_symlink()
    for kept in (".terraform/modules/modules.json", "terraform.tfstate", ".terraform.lock.hcl"):
        assert (dest / kept).exists(), kept


def test_workspace_mirrors_root_and_modules_and_fingerprints_their_content(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "terraform/main.tf", 'module "cdn" { source = "../modules/cdn" }\n')
    module = write(repo / "modules/cdn/main.tf")
    var_file = write(repo / "environments/local.tfvars", "run_migrations = false\n")
    config = Config(
        env="t",
        moto_port=4566,
        edge_port=8000,
        region="eu-west-1",
        state_dir=tmp_path / "state",
        repo_root=repo,
    )
    tf = EmulatorTerraform(config, variables={"env": "t"}, var_files=[var_file])
    tf.sync()

    workspace = config.workspace_dir
    assert (workspace / "modules/cdn/main.tf").resolve() == module
    copied = {p.name for p in (OVERRIDES_DIR / "root").glob("*.tf")}
    assert copied <= {p.name for p in (workspace / "terraform").iterdir()}
    assert tf.var_file.read_text() == '{\n  "env": "t"\n}\n'

    before = tf.fingerprint("code")
    assert tf.fingerprint("code") == before
    assert tf.fingerprint("other code") != before
    module.write_text("# changed\n")
    assert tf.fingerprint("code") != before
