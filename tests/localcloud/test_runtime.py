import base64
import hashlib
import threading
import zipfile

from localcloud.awslambda.runtime import code_sha256, unpack_code


def make_zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def test_code_sha256_is_lambdas_base64_digest(tmp_path):
    package = make_zip(tmp_path / "lambda.zip", {"lambda_handler.py": "x = 1\n"})
    expected = base64.b64encode(hashlib.sha256(package.read_bytes()).digest()).decode()
    assert code_sha256(package) == expected


def test_concurrent_unpacks_of_one_version_share_one_directory(tmp_path):
    package = make_zip(tmp_path / "lambda.zip", {f"pkg/m{i}.py": "x = 1\n" for i in range(200)})
    sha = code_sha256(package)
    results, errors = [], []

    def unpack():
        try:
            results.append(unpack_code(package, sha, tmp_path / "code"))
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=unpack) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    code = results[0]
    assert (code / "pkg/m199.py").read_text() == "x = 1\n"
    assert sorted(p.name for p in (tmp_path / "code").iterdir()) == [code.name]


def test_a_half_unpacked_directory_is_replaced(tmp_path):
    package = make_zip(tmp_path / "lambda.zip", {"lambda_handler.py": "x = 1\n"})
    sha = code_sha256(package)
    stale = tmp_path / "code" / base64.b64decode(sha).hex()[:16]
    stale.mkdir(parents=True)
    (stale / "partial.py").write_text("")
    code = unpack_code(package, sha, tmp_path / "code")
    assert code == stale
    assert sorted(p.name for p in code.iterdir()) == [".complete", "lambda_handler.py"]


def test_the_package_can_come_as_bytes(tmp_path):
    """moto keeps a function's code in memory; its Invoke unpacks from there."""
    package = make_zip(tmp_path / "lambda.zip", {"lambda_handler.py": "x = 1\n"})
    code = unpack_code(package.read_bytes(), code_sha256(package), tmp_path / "code")
    assert (code / "lambda_handler.py").read_text() == "x = 1\n"
    assert code == unpack_code(package, code_sha256(package), tmp_path / "code")
