"""Run by the TARGET interpreter: import the unpacked package the way Lambda does, invoke it.

Usage: python3.13 -I -B lambda_invoke.py TASK_ROOT RUNTIME_DIR < events.jsonl
Each input line is an event; each output line is {"response": ..., "seconds": ...,
"init_seconds": ..., "cpu_seconds": ...}: init is importing the handler module (Lambda's init
phase), cpu is the process's CPU time so far (less sensitive than wall time to a busy host).
Standalone: nothing but the package and the emulated runtime libraries is importable.
"""

import json
import sys
import time


def main() -> None:
    task_root, runtime_dir = sys.argv[1], sys.argv[2]
    # Lambda's order: the function's code first, the runtime's own libraries (boto3) after it.
    sys.path[:0] = [task_root, runtime_dir]
    started = time.perf_counter()
    import lambda_handler

    init_seconds = time.perf_counter() - started

    for line in sys.stdin:
        if not line.strip():
            continue
        event = json.loads(line)
        started = time.perf_counter()
        response = lambda_handler.handler(event, None)
        seconds = time.perf_counter() - started
        result = {
            "response": response,
            "seconds": seconds,
            "init_seconds": init_seconds,
            "cpu_seconds": time.process_time(),
        }
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
