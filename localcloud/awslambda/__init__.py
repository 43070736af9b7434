"""The Lambda runtime on this machine, used by the edge, `make up`, moto's Invoke, the package's
smoke tests and the cold-start benchmark: runtime.py (the runtime's CPython, its boto3, the
unpacked code), function.py (a function configuration -> Lambda's environment and a pool),
pool.py (long-lived execution environments) and worker.py (one environment, stdlib only)."""
