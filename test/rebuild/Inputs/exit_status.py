"""exit_status.py CMD... - runs CMD, then prints "exit status N" and exits 0,
so a test can check a failing command's exact status with FileCheck."""
import subprocess
import sys

status = subprocess.call(sys.argv[1:])
print("exit status %d" % status, flush=True)
