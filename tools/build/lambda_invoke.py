"""Run by the TARGET interpreter: import the unpacked package the way Lambda does, invoke it.

Usage: python3.13 -I -B lambda_invoke.py TASK_ROOT RUNTIME_DIR < events.jsonl
Each input line is an event; each output line is {"response": ..., "seconds": ...}.
Standalone: nothing but the package and the emulated runtime libraries is importable.
"""

import json
import sys
import time


def main() -> None:
    task_root, runtime_dir = sys.argv[1], sys.argv[2]
    # Lambda's order: the function's code first, the runtime's own libraries (boto3) after it.
    sys.path[:0] = [task_root, runtime_dir]
    import lambda_handler

    for line in sys.stdin:
        if not line.strip():
            continue
        event = json.loads(line)
        started = time.perf_counter()
        response = lambda_handler.handler(event, None)
        seconds = time.perf_counter() - started
        print(json.dumps({"response": response, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
